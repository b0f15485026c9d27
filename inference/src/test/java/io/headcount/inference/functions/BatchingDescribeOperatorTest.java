package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headcount.core.attributes.SiteAttributeSwitches;
import io.headcount.inference.records.DetectedFrame;
import io.headcount.inference.records.FrameInfo;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.DescribeBudgetSettings;
import io.headcount.vision.attributes.FaceDescription;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.onnx.FrameBatching;
import io.headcount.vision.testing.TestImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchingDescribeOperatorTest {

    private static final String MODELS =
            SharedAssets.model(YuNetModel.SPEC.fileName()).getParent().toString();
    private static final long MAX_LOST_MILLIS = 3000;
    private static final long T0 = 1_000_000L;

    /** Two per second, five while a track's sex is undetermined: its evidence matters. */
    private static final DescribeBudgetSettings BUDGET = new DescribeBudgetSettings(2, 5, 0.95);

    /** Two per second whatever the evidence: a track is described at its frames 0 and 5. */
    private static final DescribeBudgetSettings EVEN_BUDGET =
            new DescribeBudgetSettings(2, 2, 0.95);

    private static final List<BgrImage> frames = new ArrayList<>();
    private static final List<DetectedFace[]> faces = new ArrayList<>();
    private static AttributeSettings settings;

    @BeforeAll
    static void framesOfRealFaces() {
        // Three cameras, each its own two faces.
        List<BgrImage> crops = TestImages.adultFaces(6).stream().map(TestImages::read).toList();
        try (YuNetDetector detector = YuNetDetector.open(DetectorSettings.yunet(MODELS))) {
            for (int c = 0; c < 3; c++) {
                BgrImage image = TestImages.greyFrame(640, 360);
                image = TestImages.paste(image, crops.get(2 * c), 50, 80);
                image = TestImages.paste(image, crops.get(2 * c + 1), 380, 100);
                frames.add(image);
                faces.add(detector.detect(image).toArray(DetectedFace[]::new));
                assertThat(faces.get(c)).hasSize(2);
            }
        }
        settings = AttributeSettings.defaults(ModelManifest.defaults(), MODELS);
    }

    @Test
    void givesEachFrameTheFunctionsDescriptionsInTheOrderTheyCame() throws Exception {
        List<DetectedFrame> input = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            for (int c = 0; c < 3; c++) {
                input.add(tracked(c, n));
            }
        }
        input.add(endOfStream(1, 20));

        List<DetectedFrame> oneByOne = run(function(BUDGET), input);
        // Batches of up to 4 frames: a fourth frame is always a camera's second, so batches
        // close at a camera's next frame as well as at their size.
        List<DetectedFrame> batched =
                run(operator(BUDGET, new FrameBatching(4, Duration.ofSeconds(10))), input);

        assertThat(batched).hasSameSizeAs(input);
        int described = 0;
        for (int i = 0; i < input.size(); i++) {
            DetectedFrame expected = oneByOne.get(i);
            DetectedFrame actual = batched.get(i);
            assertThat(actual.frame()).isEqualTo(input.get(i).frame());
            assertThat(actual.image()).as("pixels end here").isNull();
            assertThat(actual.descriptions()).hasSameSizeAs(expected.descriptions());
            for (int f = 0; f < expected.descriptions().length; f++) {
                FaceDescription want = expected.descriptions()[f];
                FaceDescription got = actual.descriptions()[f];
                assertThat(got.usable()).as("frame %d face %d", i, f).isEqualTo(want.usable());
                assertThat(got.sharpness()).isEqualTo(want.sharpness());
                if (want.female() == null) {
                    assertThat(got.female()).isNull();
                } else {
                    described++;
                    assertThat(got.female()).isCloseTo(want.female(), within(1e-4f));
                    assertThat(got.ageGroups()).containsExactly(want.ageGroups(), within(1e-4f));
                    assertThat(got.expressions())
                            .containsExactly(want.expressions(), within(1e-4f));
                }
            }
        }
        // Beyond each track's first face: the budget's memory, and what the heads told it, count.
        assertThat(described).isGreaterThan(3);
    }

    @Test
    void runsItsQueueBeforeACheckpointAndAtTheWaitAndKeepsTheBudgetAcrossARestore()
            throws Exception {
        OperatorSubtaskState snapshot;
        List<DetectedFrame> out = new ArrayList<>();
        try (KeyedOneInputStreamOperatorTestHarness<String, DetectedFrame, DetectedFrame> harness =
                harness(operator(EVEN_BUDGET, new FrameBatching(8, Duration.ofMillis(50))), null)) {
            harness.setProcessingTime(0L);
            harness.processElement(tracked(0, 0), T0);
            harness.processElement(tracked(1, 0), T0);
            assertThat(harness.extractOutputValues()).as("queued").isEmpty();
            harness.setProcessingTime(49L);
            assertThat(harness.extractOutputValues()).isEmpty();
            harness.setProcessingTime(50L);
            assertThat(harness.extractOutputValues()).as("the wait is over").hasSize(2);

            harness.processElement(tracked(0, 1), T0 + 100);
            harness.processElement(tracked(1, 1), T0 + 100);
            harness.prepareSnapshotPreBarrier(1L);
            assertThat(harness.extractOutputValues())
                    .as("nothing queued at a checkpoint")
                    .hasSize(4);
            snapshot = harness.snapshot(1L, T0 + 100);
            out.addAll(harness.extractOutputValues());
        }
        // Restored frame by frame: the same state and timers serve the function.
        try (KeyedOneInputStreamOperatorTestHarness<String, DetectedFrame, DetectedFrame> harness =
                harness(function(EVEN_BUDGET), snapshot)) {
            for (int n = 2; n < 6; n++) {
                harness.processElement(tracked(0, n), T0 + 100 * n);
            }
            out.addAll(harness.extractOutputValues());
            assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
            // Both cameras idle past the tracker's maximum lost time: their budgets go.
            harness.processWatermark(new Watermark(T0 + 500 + MAX_LOST_MILLIS));
            assertThat(harness.numKeyedStateEntries()).isZero();
        }
        // Camera 0: its track described at frames 0 and 5 only, across the restore.
        List<Boolean> camera0 =
                out.stream()
                        .filter(frame -> frame.frame().camera().equals("cam-0"))
                        .map(frame -> frame.descriptions()[0].female() != null)
                        .toList();
        assertThat(camera0).containsExactly(true, false, false, false, false, true);
    }

    /** Camera {@code c}'s frame {@code n}, 100 ms after its previous: face 0 on track "a". */
    private static DetectedFrame tracked(int c, int n) {
        FrameInfo info = new FrameInfo("store-1", "cam-" + c, "gw-1", n, T0 + 100 * n);
        return new DetectedFrame(info, frames.get(c), faces.get(c), null, new String[] {"a", null});
    }

    private static DetectedFrame endOfStream(int c, int n) {
        FrameInfo info = new FrameInfo("store-1", "cam-" + c, "gw-1", n, T0 + 100 * n, true);
        return new DetectedFrame(info, null, new DetectedFace[0]);
    }

    private static OneInputStreamOperator<DetectedFrame, DetectedFrame> function(
            DescribeBudgetSettings budget) throws Exception {
        return new KeyedProcessOperator<>(
                InstantiationUtil.clone(
                        new DescribeFacesFunction(settings, budget, MAX_LOST_MILLIS),
                        BatchingDescribeOperatorTest.class.getClassLoader()));
    }

    private static OneInputStreamOperator<DetectedFrame, DetectedFrame> operator(
            DescribeBudgetSettings budget, FrameBatching batching) throws Exception {
        return InstantiationUtil.clone(
                new BatchingDescribeOperator(
                        settings, budget, MAX_LOST_MILLIS, SiteAttributeSwitches.none(), batching),
                BatchingDescribeOperatorTest.class.getClassLoader());
    }

    private static List<DetectedFrame> run(
            OneInputStreamOperator<DetectedFrame, DetectedFrame> operator,
            List<DetectedFrame> input)
            throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, DetectedFrame, DetectedFrame> harness =
                harness(operator, null)) {
            for (DetectedFrame frame : input) {
                harness.processElement(frame, frame.frame().captureTime());
            }
            return harness.extractOutputValues();
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, DetectedFrame, DetectedFrame>
            harness(
                    OneInputStreamOperator<DetectedFrame, DetectedFrame> operator,
                    OperatorSubtaskState restoreFrom)
                    throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, DetectedFrame, DetectedFrame> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        operator, each -> each.frame().camera(), Types.STRING);
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }
}
