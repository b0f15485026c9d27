package io.headcount.inference.functions;

import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.records.DetectedFrame;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.detect.YuNetModel;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;

/**
 * Runs the face detector on each decoded frame. The native session is opened in {@link #open} on
 * the task that uses it (never serialized with the function) and released in {@link #close}. An end
 * of stream has no image: it passes on with no faces and is not counted as a frame.
 *
 * <p>Metrics: counters {@value #FRAMES_METRIC} and {@value #FACES_METRIC}, meters {@value
 * #FRAMES_RATE} and {@value #FACES_RATE} (per second over a minute), and the detector's time per
 * frame in the histogram {@code model=detector / modelTimeMicros}; the whole stage's time per frame
 * (model and decoding; the letterbox too where {@code prepare-frame} did not make it) in {@value
 * StageMetrics#STAGE_TIME}. The mask detector's findings, if made on the decoding thread, pass on
 * to {@code describe-faces}.
 */
public final class DetectFacesFunction extends RichMapFunction<DecodedFrame, DetectedFrame> {

    private static final long serialVersionUID = 1L;

    public static final String FRAMES_METRIC = "framesDetected";
    public static final String FACES_METRIC = "facesDetected";
    public static final String FRAMES_RATE = "framesPerSecond";
    public static final String FACES_RATE = "facesPerSecond";

    private final DetectorSettings settings;

    private transient YuNetDetector detector;
    private transient Counter frames;
    private transient Counter faces;
    private transient Histogram modelTime;
    private transient Histogram stageTime;

    public DetectFacesFunction(DetectorSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        detector = YuNetDetector.open(settings);
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        frames = metrics.counter(FRAMES_METRIC);
        faces = metrics.counter(FACES_METRIC);
        metrics.meter(FRAMES_RATE, new MeterView(frames));
        metrics.meter(FACES_RATE, new MeterView(faces));
        modelTime = ModelMetrics.modelTime(metrics, YuNetModel.ROLE);
        stageTime = StageMetrics.stageTime(metrics);
    }

    @Override
    public DetectedFrame map(DecodedFrame frame) {
        if (frame.frame().endOfStream()) {
            return new DetectedFrame(frame.frame(), null, new DetectedFace[0]);
        }
        long start = System.nanoTime();
        List<DetectedFace> found = detector.detect(frame.image(), frame.prepared().detector());
        long micros = StageMetrics.microsSince(start);
        modelTime.update(micros);
        stageTime.update(micros);
        frames.inc();
        faces.inc(found.size());
        return new DetectedFrame(
                frame.frame(),
                frame.image(),
                frame.prepared().masks(),
                found.toArray(DetectedFace[]::new),
                null,
                null);
    }

    @Override
    public void close() {
        if (detector != null) {
            detector.close();
            detector = null;
        }
    }
}
