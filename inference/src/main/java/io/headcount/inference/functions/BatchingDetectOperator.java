package io.headcount.inference.functions;

import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.records.DetectedFrame;
import io.headcount.vision.attributes.MaskCorroboration;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.Letterbox;
import io.headcount.vision.detect.LetterboxTensor;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.onnx.FrameBatching;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * {@code detect-faces} over micro-batches: frames of any cameras queue until {@link
 * FrameBatching#maxFrames()} have come or the first has waited {@link FrameBatching#maxWait()},
 * then one detector run finds the faces of all (a GPU runs 8 frames in about the time of one). Each
 * frame leaves with the same faces as {@link DetectFacesFunction} gives it, in the order the frames
 * came.
 *
 * <p>Nothing stays queued across a checkpoint or a watermark: the queue is run before either passes
 * on ({@link #prepareSnapshotPreBarrier}, {@link #processWatermark}), so a checkpoint holds no
 * frame here and no frame falls behind the watermark that followed it. A frame whose tensor differs
 * in size from the queued ones (another resolution) runs the queue first; an end of stream, which
 * has no image, runs the queue and passes on with no faces. Metrics: {@link DetectionMetrics}.
 */
public final class BatchingDetectOperator extends MicroBatchOperator<DetectedFrame>
        implements OneInputStreamOperator<DecodedFrame, DetectedFrame> {

    private static final long serialVersionUID = 1L;

    private final DetectorSettings settings;
    private final MaskCorroboration corroboration;

    private transient YuNetDetector detector;
    private transient FaceJudgement judgement;
    private transient Letterbox letterbox;
    private transient DetectionMetrics metrics;
    private transient List<StreamRecord<DecodedFrame>> queued;
    private transient List<LetterboxTensor> queuedTensors;

    /** Faces the detector scores at its threshold, no second opinion. */
    public BatchingDetectOperator(DetectorSettings settings, FrameBatching batching) {
        this(settings, MaskCorroboration.none(settings), batching);
    }

    public BatchingDetectOperator(
            DetectorSettings settings, MaskCorroboration corroboration, FrameBatching batching) {
        super(batching);
        this.settings = settings;
        this.corroboration = corroboration;
    }

    @Override
    public void open() throws Exception {
        super.open();
        detector = YuNetDetector.open(corroboration.decodingDown(settings));
        judgement = new FaceJudgement(settings, corroboration);
        letterbox = YuNetDetector.letterboxFor(settings);
        metrics = DetectionMetrics.register(getMetricGroup());
        queued = new ArrayList<>(batching.maxFrames());
        queuedTensors = new ArrayList<>(batching.maxFrames());
    }

    @Override
    public void processElement(StreamRecord<DecodedFrame> element) throws Exception {
        DecodedFrame frame = element.getValue();
        if (frame.frame().endOfStream()) {
            runQueue();
            judgement.ended(frame.frame());
            output.collect(element.replace(frame.detected(List.of())));
            return;
        }
        LetterboxTensor tensor =
                frame.prepared().detector() != null
                        ? frame.prepared().detector()
                        : letterbox.apply(frame.image());
        if (!queuedTensors.isEmpty() && !sameSize(queuedTensors.get(0), tensor)) {
            runQueue();
        }
        queued.add(element);
        queuedTensors.add(tensor);
        joined();
    }

    @Override
    protected int queued() {
        return queued.size();
    }

    /** One detector run over the queued frames; each leaves with its faces, in order. */
    @Override
    protected void runBatch() {
        List<BgrImage> images = new ArrayList<>(queued.size());
        for (StreamRecord<DecodedFrame> record : queued) {
            images.add(record.getValue().image());
        }
        long start = System.nanoTime();
        List<List<DetectedFace>> decoded = detector.detectAll(images, queuedTensors);
        // In queue order: a camera's later frame in the batch looks where its earlier one had
        // faces.
        List<FaceJudgement.Judged> judged = new ArrayList<>(queued.size());
        for (int i = 0; i < queued.size(); i++) {
            judged.add(judgement.judge(queued.get(i).getValue(), decoded.get(i)));
        }
        metrics.run(judged, StageMetrics.microsSince(start));
        for (int i = 0; i < queued.size(); i++) {
            StreamRecord<DecodedFrame> record = queued.get(i);
            output.collect(
                    record.replace(record.getValue().detected(judged.get(i).kept().faces())));
        }
        queued.clear();
        queuedTensors.clear();
    }

    private static boolean sameSize(LetterboxTensor a, LetterboxTensor b) {
        return a.width() == b.width() && a.height() == b.height();
    }

    @Override
    public void close() throws Exception {
        try {
            if (detector != null) {
                detector.close();
                detector = null;
            }
            if (judgement != null) {
                judgement.close();
                judgement = null;
            }
        } finally {
            super.close();
        }
    }
}
