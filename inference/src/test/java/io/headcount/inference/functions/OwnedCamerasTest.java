package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.records.DetectedFrame;
import io.headcount.inference.records.FrameInfo;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.testing.TestImages;
import java.util.List;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** A frame on a subtask that does not own its camera (after a rescaled restore) skips tracking. */
class OwnedCamerasTest {

    private static final int MAX_PARALLELISM = 128;

    @Test
    void passesOwnedCamerasOnAndSendsOthersAsideWithoutPixels() throws Exception {
        String owned = cameraOfSubtask(0, 2);
        String notOwned = cameraOfSubtask(1, 2);
        BgrImage image = TestImages.greyFrame(64, 48);
        DetectedFace face = new DetectedFace(new FaceBox(1, 2, 30, 30), 0.9f, new float[10]);

        try (OneInputStreamOperatorTestHarness<DetectedFrame, DetectedFrame> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new OwnedCameras()), MAX_PARALLELISM, 2, 0)) {
            harness.open();
            harness.processElement(frame(owned, image, face), 1000L);
            harness.processElement(frame(notOwned, image, face), 1000L);

            assertThat(harness.extractOutputValues())
                    .singleElement()
                    .satisfies(
                            frame -> {
                                assertThat(frame.frame().camera()).isEqualTo(owned);
                                assertThat(frame.image()).isEqualTo(image);
                            });
            List<DetectedFrame> aside =
                    harness.getSideOutput(OwnedCameras.NOT_OWNED).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(aside)
                    .singleElement()
                    .satisfies(
                            frame -> {
                                assertThat(frame.frame().camera()).isEqualTo(notOwned);
                                assertThat(frame.image()).as("no pixels").isNull();
                                assertThat(frame.faces()).containsExactly(face);
                                assertThat(frame.trackIds()).isNull();
                                assertThat(frame.descriptions()).isNull();
                            });
        }
    }

    private static DetectedFrame frame(String camera, BgrImage image, DetectedFace face) {
        return new DetectedFrame(
                new FrameInfo("site", camera, "gw", 1, 1000L), image, new DetectedFace[] {face});
    }

    private static String cameraOfSubtask(int subtask, int parallelism) {
        for (int i = 0; ; i++) {
            String camera = "cam-" + i;
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            camera, MAX_PARALLELISM, parallelism)
                    == subtask) {
                return camera;
            }
        }
    }
}
