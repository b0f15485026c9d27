package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.records.DetectedFrame;
import io.headcount.inference.testing.TestFrames;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.FrameProcessed;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.DescribeBudgetSettings;
import io.headcount.vision.attributes.ExpressionHead;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.frame.FrameDecoder;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.testing.TestImages;
import io.headcount.vision.track.TrackerSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.operators.StreamFlatMap;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The latency histograms of every stage, as each operator registers them with the metric system:
 * one frame with two real faces and an end of stream go through decode, detect, describe, track and
 * both outputs, each in its own operator harness, and each histogram must hold what that stage did.
 */
class StageLatencyMetricsTest {

    /** Decodes as prepare-frame does in the job, on the test thread. */
    private static final FrameDecoding DECODING =
            new FrameDecoding(FrameDecoder.DEFAULT_MAX_PIXELS, CaptureTimeRule.defaults()).open();

    /** Histograms by {@code <stage>/<metric name>}. */
    private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();

    @Test
    void everyStageRecordsItsTimePerFrameAndTheOutputsTheLagBehindCapture() throws Exception {
        String models = SharedAssets.model(YuNetModel.SPEC.fileName()).getParent().toString();
        List<BgrImage> crops = TestImages.adultFaces(2).stream().map(TestImages::read).toList();
        BgrImage image =
                TestImages.paste(
                        TestImages.paste(TestImages.greyFrame(640, 360), crops.get(0), 50, 80),
                        crops.get(1),
                        380,
                        100);
        long captured = Instant.now().toEpochMilli() - 300;
        FrameEvent frame =
                FrameEvent.newBuilder(
                                TestFrames.event("cam-1", 0, TestImages.jpeg(image), 640, 360))
                        .setCaptureTime(Instant.ofEpochMilli(captured))
                        .build();
        FrameEvent end =
                FrameEvent.newBuilder(TestFrames.endOfStream("cam-1", 1))
                        .setCaptureTime(Instant.ofEpochMilli(captured + 200))
                        .build();

        List<DecodedFrame> decoded;
        try (OneInputStreamOperatorTestHarness<DecodeAttempt, DecodedFrame> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new DecodeFrameFunction()), environment("decode"))) {
            harness.open();
            harness.processElement(
                    DECODING.attempt(TestFrames.record(0, "cam-1", TestFrames.encode(frame))),
                    captured);
            harness.processElement(
                    DECODING.attempt(TestFrames.record(1, "cam-1", new byte[] {1, 2, 3})),
                    captured); // a dead letter
            harness.processElement(
                    DECODING.attempt(TestFrames.record(2, "cam-1", TestFrames.encode(end))),
                    captured + 200);
            decoded = harness.extractOutputValues();
        }
        assertThat(decoded).hasSize(2);
        // Only the frame that was decoded: not the dead letter, not the end of stream.
        assertTimed("decode", StageMetrics.STAGE_TIME, 1);

        List<DetectedFrame> detected;
        try (OneInputStreamOperatorTestHarness<DecodedFrame, DetectedFrame> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new StreamMap<>(new DetectFacesFunction(DetectorSettings.yunet(models))),
                        environment("detect"))) {
            harness.open();
            for (DecodedFrame each : decoded) {
                harness.processElement(each, each.frame().captureTime());
            }
            detected = harness.extractOutputValues();
        }
        assertThat(detected.get(0).faces()).hasSize(2);
        assertTimed("detect", StageMetrics.STAGE_TIME, 1);

        List<DetectedFrame> tracked;
        try (KeyedOneInputStreamOperatorTestHarness<String, DetectedFrame, DetectedFrame> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new TrackFacesFunction<>(
                                        TrackerSettings.defaults(), new DetectedFrameTracking())),
                        each -> each.frame().camera(),
                        Types.STRING,
                        environment("track"))) {
            harness.open();
            for (DetectedFrame each : detected) {
                harness.processElement(each, each.frame().captureTime());
            }
            tracked = harness.extractOutputValues();
        }
        // Every frame is tracked, the end of stream too.
        assertTimed("track", StageMetrics.STAGE_TIME, 2);

        List<DetectedFrame> described;
        try (KeyedOneInputStreamOperatorTestHarness<String, DetectedFrame, DetectedFrame> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new DescribeFacesFunction(
                                        AttributeSettings.defaults(
                                                ModelManifest.defaults(), models),
                                        DescribeBudgetSettings.defaults(),
                                        TrackerSettings.defaults().maxLostMillis())),
                        each -> each.frame().camera(),
                        Types.STRING,
                        environment("describe"))) {
            harness.open();
            for (DetectedFrame each : tracked) {
                harness.processElement(each, each.frame().captureTime());
            }
            described = harness.extractOutputValues();
        }
        assertTimed("describe", StageMetrics.STAGE_TIME, 1);

        try (OneInputStreamOperatorTestHarness<DetectedFrame, FaceObservation> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new StreamFlatMap<>(
                                new ToObservationsFunction(
                                        "default",
                                        Map.of("detector", "yunet"),
                                        ModelManifest.defaults()
                                                .model(ExpressionHead.ROLE)
                                                .labels(ExpressionHead.OUTPUT))),
                        environment("observations"))) {
            harness.open();
            for (DetectedFrame each : described) {
                harness.processElement(each, each.frame().captureTime());
            }
            assertThat(harness.extractOutputValues()).hasSize(2);
        }
        // Once per frame with faces, at least the 300 ms the frame is old.
        assertLag("observations", 1, 300);

        try (OneInputStreamOperatorTestHarness<DetectedFrame, FrameProcessed> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new StreamMap<>(new ToFrameProcessedFunction("default")),
                        environment("frames-processed"))) {
            harness.open();
            for (DetectedFrame each : described) {
                harness.processElement(each, each.frame().captureTime());
            }
        }
        // Once per frame, end of stream included: it was captured 200 ms after the frame, so 100 ms
        // old.
        assertLag("frames-processed", 2, 100);
    }

    private void assertTimed(String stage, String name, long frames) {
        HistogramStatistics statistics = statistics(stage, name, frames);
        // Decoding a JPEG, running a model or the tracker takes more than a microsecond, and not a
        // minute.
        assertThat(statistics.getMin()).isPositive();
        assertThat(statistics.getMax()).isLessThan(60_000_000L);
    }

    private void assertLag(String stage, long frames, long atLeastMillis) {
        HistogramStatistics statistics = statistics(stage, StageMetrics.CAPTURE_LAG, frames);
        assertThat(statistics.getMin()).isGreaterThanOrEqualTo(atLeastMillis);
        assertThat(statistics.getMax()).isLessThan(60_000L);
    }

    private HistogramStatistics statistics(String stage, String name, long frames) {
        Histogram histogram = histograms.get(stage + "/" + name);
        assertThat(histogram).as("%s registered in %s", name, stage).isNotNull();
        assertThat(histogram.getCount()).as("%s/%s samples", stage, name).isEqualTo(frames);
        return histogram.getStatistics();
    }

    /**
     * A task environment whose metric registry hands this test every histogram the operator
     * registers.
     */
    private MockEnvironment environment(String stage) {
        TestingMetricRegistry registry =
                TestingMetricRegistry.builder()
                        .setRegisterConsumer(
                                (metric, name, group) -> {
                                    if (metric instanceof Histogram histogram) {
                                        histograms.put(stage + "/" + name, histogram);
                                    }
                                })
                        .build();
        TaskMetricGroup task =
                TaskManagerMetricGroup.createTaskManagerMetricGroup(
                                registry, "localhost", ResourceID.generate())
                        .addJob(new JobID(), "inference")
                        .addTask(ExecutionAttemptID.randomId(), stage);
        return new MockEnvironmentBuilder().setMetricGroup(task).build();
    }
}
