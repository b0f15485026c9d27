package io.headcount.inference.functions;

import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.records.DetectedFrame;
import io.headcount.vision.attributes.MaskCorroboration;
import io.headcount.vision.attributes.RegionSearch;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.YuNetDetector;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Runs the face detector on each decoded frame. The native session is opened in {@link #open} on
 * the task that uses it (never serialized with the function) and released in {@link #close}. An end
 * of stream has no image: it passes on with no faces and is not counted as a frame.
 *
 * <p>Metrics: {@link DetectionMetrics}. The mask detector's findings, if made on the decoding
 * thread, are its second opinion on faces the detector scored low ({@link MaskCorroboration}), and
 * pass on to {@code describe-faces}; where they found a face that nothing explains, or where the
 * camera's last frame had a face and this one has none, {@link RegionSearch} looks there again at
 * the frame's own resolution ({@link FaceJudgement}). {@link BatchingDetectOperator} does the same
 * over batches of frames.
 */
public final class DetectFacesFunction extends RichMapFunction<DecodedFrame, DetectedFrame> {

    private static final long serialVersionUID = 1L;

    private final DetectorSettings settings;
    private final MaskCorroboration corroboration;

    private transient YuNetDetector detector;
    private transient FaceJudgement judgement;
    private transient DetectionMetrics metrics;

    /** Faces the detector scores at its threshold, no second opinion. */
    public DetectFacesFunction(DetectorSettings settings) {
        this(settings, MaskCorroboration.none(settings));
    }

    public DetectFacesFunction(DetectorSettings settings, MaskCorroboration corroboration) {
        this.settings = settings;
        this.corroboration = corroboration;
    }

    @Override
    public void open(OpenContext openContext) {
        detector = YuNetDetector.open(corroboration.decodingDown(settings));
        judgement = new FaceJudgement(settings, corroboration);
        metrics = DetectionMetrics.register(getRuntimeContext().getMetricGroup());
    }

    @Override
    public DetectedFrame map(DecodedFrame frame) {
        if (frame.frame().endOfStream()) {
            judgement.ended(frame.frame());
            return frame.detected(List.of());
        }
        long start = System.nanoTime();
        FaceJudgement.Judged judged =
                judgement.judge(frame, detector.detect(frame.image(), frame.prepared().detector()));
        metrics.run(List.of(judged), StageMetrics.microsSince(start));
        return frame.detected(judged.kept().faces());
    }

    @Override
    public void close() {
        if (detector != null) {
            detector.close();
            detector = null;
        }
        if (judgement != null) {
            judgement.close();
            judgement = null;
        }
    }
}
