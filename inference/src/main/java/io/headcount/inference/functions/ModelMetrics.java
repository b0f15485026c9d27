package io.headcount.inference.functions;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/** Shared metric names and shapes of the model stages. */
final class ModelMetrics {

    /** Microseconds per model call (per frame), in a group {@value #MODEL_GROUP} = role. */
    static final String MODEL_TIME = "modelTimeMicros";

    static final String MODEL_GROUP = "model";

    /** Samples the histogram keeps for its quantiles. */
    private static final int WINDOW = 500;

    private ModelMetrics() {}

    static Histogram modelTime(MetricGroup metrics, String role) {
        return metrics.addGroup(MODEL_GROUP, role)
                .histogram(MODEL_TIME, new DescriptiveStatisticsHistogram(WINDOW));
    }
}
