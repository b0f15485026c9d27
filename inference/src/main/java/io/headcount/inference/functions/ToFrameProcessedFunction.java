package io.headcount.inference.functions;

import io.headcount.inference.records.DetectedFrame;
import io.headcount.inference.records.FrameInfo;
import io.headcount.schemas.FrameProcessed;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Histogram;

/**
 * One {@link FrameProcessed} per frame that got through detection, faces or not, and one per end of
 * stream: the aggregation's event time moves on even when nobody is in view, and each window knows
 * how many frames it saw. {@code faces} equals the number of observations {@link
 * ToObservationsFunction} emits for the same frame (one per detected face).
 *
 * <p>Metric: the histogram {@value StageMetrics#CAPTURE_LAG}, wall clock minus capture time per
 * frame (end of stream included) as it leaves the job's last stage.
 */
public final class ToFrameProcessedFunction extends RichMapFunction<DetectedFrame, FrameProcessed> {

    private static final long serialVersionUID = 1L;

    private final String modelSet;

    /** Null when the function runs outside Flink (called directly), where there are no metrics. */
    private transient Histogram captureLag;

    public ToFrameProcessedFunction(String modelSet) {
        this.modelSet = modelSet;
    }

    @Override
    public void open(OpenContext openContext) {
        captureLag = StageMetrics.captureLag(getRuntimeContext().getMetricGroup());
    }

    @Override
    public FrameProcessed map(DetectedFrame detected) {
        FrameInfo frame = detected.frame();
        if (captureLag != null) {
            captureLag.update(System.currentTimeMillis() - frame.captureTime());
        }
        return FrameProcessed.newBuilder()
                .setSite(frame.site())
                .setCamera(frame.camera())
                .setFrameTime(Instant.ofEpochMilli(frame.captureTime()))
                .setFrameSequence(frame.sequence())
                .setFaces(detected.faces().length)
                .setEndOfStream(frame.endOfStream())
                .setModelSet(modelSet)
                .build();
    }
}
