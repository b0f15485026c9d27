package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.records.DetectedFrame;
import io.headcount.inference.records.FrameInfo;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.onnx.FrameBatching;
import io.headcount.vision.testing.TestImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/**
 * Detector batches across cameras give every frame the faces it gets frame by frame, in the order
 * the frames came, and hold no frame across a watermark, a checkpoint or the batch wait.
 */
class BatchingDetectOperatorTest {

    private final DetectorSettings settings =
            DetectorSettings.yunet(
                    SharedAssets.model(YuNetModel.SPEC.fileName()).getParent().toString());

    private final FrameBatching threeFramesOr50Ms = new FrameBatching(3, Duration.ofMillis(50));

    @Test
    void batchesGiveEachFrameTheFacesItGetsFrameByFrameInOrder() throws Exception {
        List<DecodedFrame> frames = framesOfTwoCameras(7);

        List<DetectedFrame> alone = frameByFrame(frames);
        List<Object> batchedOutput = new ArrayList<>();
        try (OneInputStreamOperatorTestHarness<DecodedFrame, DetectedFrame> harness =
                batchingHarness()) {
            harness.open();
            for (int i = 0; i < 5; i++) {
                harness.processElement(frames.get(i), 1000L + i);
            }
            // Three ran as a full batch; two wait for more.
            assertThat(harness.extractOutputValues()).hasSize(3);
            harness.processWatermark(new Watermark(1004L));
            // The watermark ran the two waiting frames first: none falls behind it.
            assertThat(harness.getOutput()).hasSize(6);
            assertThat(harness.getOutput().toArray()[5]).isEqualTo(new Watermark(1004L));
            harness.processElement(frames.get(5), 1005L);
            harness.processElement(frames.get(6), 1006L);
            harness.prepareSnapshotPreBarrier(1L);
            // A checkpoint holds no frame here: the queue ran before the barrier.
            assertThat(harness.extractOutputValues()).hasSize(7);
            batchedOutput.addAll(harness.getOutput());
        }

        List<DetectedFrame> batched =
                batchedOutput.stream()
                        .filter(StreamRecord.class::isInstance)
                        .map(record -> (DetectedFrame) ((StreamRecord<?>) record).getValue())
                        .toList();
        assertThat(batched.stream().map(DetectedFrame::frame))
                .containsExactlyElementsOf(frames.stream().map(DecodedFrame::frame).toList());
        assertThat(alone.stream().mapToInt(frame -> frame.faces().length).sum())
                .as("faces in the frames")
                .isGreaterThanOrEqualTo(6);
        for (int i = 0; i < frames.size(); i++) {
            DetectedFace[] expected = alone.get(i).faces();
            DetectedFace[] actual = batched.get(i).faces();
            assertThat(actual).as("faces of frame %d", i).hasSameSizeAs(expected);
            for (int f = 0; f < expected.length; f++) {
                assertThat(actual[f].box().iou(expected[f].box())).isGreaterThan(0.999f);
                assertThat(actual[f].score())
                        .isCloseTo(expected[f].score(), org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    @Test
    void aLoneFrameLeavesWhenTheBatchWaitIsOverAndAnEndOfStreamRunsTheQueueFirst()
            throws Exception {
        List<DecodedFrame> frames = framesOfTwoCameras(2);
        try (OneInputStreamOperatorTestHarness<DecodedFrame, DetectedFrame> harness =
                batchingHarness()) {
            harness.setProcessingTime(0L);
            harness.open();
            harness.processElement(frames.get(0), 1000L);
            harness.setProcessingTime(49L);
            assertThat(harness.extractOutputValues()).isEmpty();
            harness.setProcessingTime(50L);
            assertThat(harness.extractOutputValues()).hasSize(1);

            harness.processElement(frames.get(1), 1001L);
            FrameInfo end = new FrameInfo("store-1", "cam-2", "gw-1", 9, 2000L, true);
            harness.processElement(DecodedFrame.endOfStream(end), 2000L);
            List<DetectedFrame> out = harness.extractOutputValues();
            assertThat(out).hasSize(3);
            assertThat(out.get(1).frame()).isEqualTo(frames.get(1).frame());
            assertThat(out.get(2).frame()).isEqualTo(end);
            assertThat(out.get(2).faces()).isEmpty();
        }
    }

    @Test
    void framesOfAnotherSizeRunTheQueueFirst() throws Exception {
        List<DecodedFrame> frames = framesOfTwoCameras(1);
        FrameInfo small = new FrameInfo("store-1", "cam-3", "gw-1", 1, 1001L);
        try (OneInputStreamOperatorTestHarness<DecodedFrame, DetectedFrame> harness =
                batchingHarness()) {
            harness.open();
            harness.processElement(frames.get(0), 1000L);
            harness.processElement(new DecodedFrame(small, TestImages.greyFrame(320, 240)), 1001L);
            // The 1280x720 frame ran alone when a 320x240 one came; the small one waits.
            assertThat(harness.extractOutputValues()).hasSize(1);
            harness.prepareSnapshotPreBarrier(1L);
            assertThat(harness.extractOutputValues()).hasSize(2);
        }
    }

    @Test
    void oneFramePerRunIsNotBatching() {
        assertThatThrownBy(() -> new BatchingDetectOperator(settings, FrameBatching.off()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private OneInputStreamOperatorTestHarness<DecodedFrame, DetectedFrame> batchingHarness()
            throws Exception {
        BatchingDetectOperator shipped =
                InstantiationUtil.clone(
                        new BatchingDetectOperator(settings, threeFramesOr50Ms),
                        getClass().getClassLoader());
        return new OneInputStreamOperatorTestHarness<>(shipped);
    }

    private List<DetectedFrame> frameByFrame(List<DecodedFrame> frames) throws Exception {
        try (OneInputStreamOperatorTestHarness<DecodedFrame, DetectedFrame> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new StreamMap<>(new DetectFacesFunction(settings)))) {
            harness.open();
            for (int i = 0; i < frames.size(); i++) {
                harness.processElement(frames.get(i), 1000L + i);
            }
            return harness.extractOutputValues();
        }
    }

    /** 1280x720 frames, alternately of two cameras, with 0 to 2 real faces pasted in each. */
    private static List<DecodedFrame> framesOfTwoCameras(int count) {
        List<BgrImage> crops = TestImages.adultFaces(20).stream().map(TestImages::read).toList();
        List<DecodedFrame> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BgrImage frame = TestImages.greyFrame(1280, 720);
            for (int f = 0; f < i % 3; f++) {
                frame =
                        TestImages.paste(
                                frame,
                                crops.get((i + f) % crops.size()),
                                150 + 500 * f,
                                100 + 40 * i);
            }
            String camera = i % 2 == 0 ? "cam-1" : "cam-2";
            frames.add(
                    new DecodedFrame(
                            new FrameInfo("store-1", camera, "gw-1", i, 1000L + i), frame));
        }
        return frames;
    }
}
