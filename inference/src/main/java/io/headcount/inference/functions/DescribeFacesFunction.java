package io.headcount.inference.functions;

import io.headcount.inference.records.DetectedFrame;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.FaceDescriber;
import io.headcount.vision.attributes.FaceDescription;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;

/**
 * Quality and attributes of every detected face ({@link FaceDescriber}), then drops the frame's
 * pixels: nothing downstream needs them. The native sessions are opened in {@link #open} and
 * released in {@link #close}. Metrics: a histogram {@value ModelMetrics#MODEL_TIME} per model in a
 * group {@code model=<role>}, and the stage's time per frame with an image (quality and all heads)
 * in {@value StageMetrics#STAGE_TIME}.
 */
public final class DescribeFacesFunction extends RichMapFunction<DetectedFrame, DetectedFrame> {

    private static final long serialVersionUID = 1L;

    private final AttributeSettings settings;

    private transient FaceDescriber describer;
    private transient Map<String, Histogram> modelTimes;
    private transient Histogram stageTime;

    public DescribeFacesFunction(AttributeSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        describer = FaceDescriber.open(settings);
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        modelTimes = new HashMap<>();
        stageTime = StageMetrics.stageTime(metrics);
        describer
                .modelVersions()
                .keySet()
                .forEach(role -> modelTimes.put(role, ModelMetrics.modelTime(metrics, role)));
    }

    @Override
    public DetectedFrame map(DetectedFrame detected) {
        if (detected.image() == null) {
            return detected.described(new FaceDescription[0]);
        }
        long start = System.nanoTime();
        FaceDescription[] descriptions =
                describer.describe(detected.image(), detected.masks(), detected.faces());
        stageTime.update(StageMetrics.microsSince(start));
        boolean anyUsable = false;
        for (FaceDescription description : descriptions) {
            anyUsable |= description.usable();
        }
        if (anyUsable) {
            describer
                    .lastModelNanos()
                    .forEach((role, nanos) -> modelTimes.get(role).update(nanos / 1000));
        }
        return detected.described(descriptions);
    }

    @Override
    public void close() {
        if (describer != null) {
            describer.close();
            describer = null;
        }
    }
}
