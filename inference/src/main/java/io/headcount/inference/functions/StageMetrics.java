package io.headcount.inference.functions;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Latency histograms of the job's stages, each over the last {@value #WINDOW} frames of its
 * subtask. Stage times are in microseconds, not milliseconds: tracking and the output stages take
 * well under a millisecond per frame, and whole milliseconds would record only zeros for them.
 */
public final class StageMetrics {

    /** Time one operator spends on one frame, in microseconds (decode, detect, describe, track). */
    public static final String STAGE_TIME = "stageTimeMicros";

    /**
     * Wall clock at emission minus the frame's capture time, in milliseconds (to-observations,
     * to-frames-processed).
     */
    public static final String CAPTURE_LAG = "captureLagMillis";

    /** Samples each histogram keeps for its quantiles. */
    static final int WINDOW = 500;

    private StageMetrics() {}

    public static Histogram stageTime(MetricGroup metrics) {
        return metrics.histogram(STAGE_TIME, new DescriptiveStatisticsHistogram(WINDOW));
    }

    public static Histogram captureLag(MetricGroup metrics) {
        return metrics.histogram(CAPTURE_LAG, new DescriptiveStatisticsHistogram(WINDOW));
    }

    /** Microseconds since {@code startNanos} (a {@link System#nanoTime()} reading). */
    public static long microsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1000;
    }
}
