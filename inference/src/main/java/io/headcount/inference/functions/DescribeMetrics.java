package io.headcount.inference.functions;

import io.headcount.vision.attributes.FaceDescriber;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The metrics of {@code describe-faces}, whether it runs frame by frame ({@link
 * DescribeFacesFunction}) or in batches ({@link BatchingDescribeOperator}): counters {@value
 * DescribeFacesFunction#DESCRIBED_METRIC} (faces the heads ran on) and {@value
 * DescribeFacesFunction#NOT_PICKED_METRIC} (faces good enough for the heads that the budget left
 * out), a histogram {@value ModelMetrics#MODEL_TIME} per model in a group {@code model=<role>} (one
 * value per run of the heads that gave it faces), the stage's time per frame in {@value
 * StageMetrics#STAGE_TIME}, and frames per run of the heads in {@value #BATCH_FRAMES}.
 */
final class DescribeMetrics {

    /** Frames per run of the heads (1 without batching): how full the batches are. */
    static final String BATCH_FRAMES = "describeBatchFrames";

    final Counter described;
    final Counter notPicked;
    private final Map<String, Histogram> modelTimes = new HashMap<>();
    private final Histogram stageTime;
    private final Histogram batchFrames;

    DescribeMetrics(MetricGroup metrics, FaceDescriber describer) {
        described = metrics.counter(DescribeFacesFunction.DESCRIBED_METRIC);
        notPicked = metrics.counter(DescribeFacesFunction.NOT_PICKED_METRIC);
        stageTime = StageMetrics.stageTime(metrics);
        batchFrames =
                metrics.histogram(
                        BATCH_FRAMES, new DescriptiveStatisticsHistogram(StageMetrics.WINDOW));
        describer
                .modelVersions()
                .keySet()
                .forEach(role -> modelTimes.put(role, ModelMetrics.modelTime(metrics, role)));
    }

    /**
     * One run of the heads over {@code frames} frames with {@code pickedFaces} faces picked in all,
     * {@code micros} long (quality included); each frame is charged its share of the time.
     */
    void run(FaceDescriber describer, int frames, int pickedFaces, long micros) {
        for (int i = 0; i < frames; i++) {
            stageTime.update(micros / frames);
        }
        batchFrames.update(frames);
        if (pickedFaces > 0) {
            describer
                    .lastModelNanos()
                    .forEach((role, nanos) -> modelTimes.get(role).update(nanos / 1000));
        }
    }
}
