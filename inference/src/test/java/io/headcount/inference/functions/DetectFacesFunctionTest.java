package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.records.DetectedFrame;
import io.headcount.inference.records.FrameInfo;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.testing.TestImages;
import java.util.List;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class DetectFacesFunctionTest {

    private final DetectorSettings settings =
            DetectorSettings.yunet(
                    SharedAssets.model(YuNetModel.SPEC.fileName()).getParent().toString());

    @Test
    void detectsFacesOnTheTaskAfterTheFunctionWasShippedThere() throws Exception {
        // Flink serializes the function to the task; the native session must be created only there.
        DetectFacesFunction shipped =
                InstantiationUtil.clone(
                        new DetectFacesFunction(settings), getClass().getClassLoader());
        BgrImage frame = TestImages.greyFrame(640, 360);
        List<BgrImage> crops = TestImages.adultFaces(2).stream().map(TestImages::read).toList();
        frame = TestImages.paste(frame, crops.get(0), 50, 80);
        frame = TestImages.paste(frame, crops.get(1), 380, 100);
        FrameInfo info = new FrameInfo("store-1", "cam-1", "gw-1", 3, 1000L);

        try (OneInputStreamOperatorTestHarness<DecodedFrame, DetectedFrame> harness =
                new OneInputStreamOperatorTestHarness<>(new StreamMap<>(shipped))) {
            harness.open();
            harness.processElement(new DecodedFrame(info, frame), 1000L);
            harness.processElement(new DecodedFrame(info, TestImages.greyFrame(320, 240)), 1200L);
            FrameInfo end = new FrameInfo("store-1", "cam-1", "gw-1", 5, 1400L, true);
            harness.processElement(DecodedFrame.endOfStream(end), 1400L);

            List<DetectedFrame> detected = harness.extractOutputValues();
            assertThat(detected).hasSize(3);
            assertThat(detected.get(0).faces()).hasSize(2);
            assertThat(detected.get(0).frame()).isEqualTo(info);
            assertThat(detected.get(1).faces()).isEmpty();
            // An end of stream has no image to run the model on: it passes with no faces.
            assertThat(detected.get(2).frame()).isEqualTo(end);
            assertThat(detected.get(2).faces()).isEmpty();
            assertThat(detected.get(2).image()).isNull();
        }
        // The harness closed the function; closing again must be harmless.
        shipped.close();
    }
}
