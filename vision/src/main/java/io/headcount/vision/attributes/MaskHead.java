package io.headcount.vision.attributes;

import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.models.ModelEntry;
import io.headcount.vision.onnx.OnnxModel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Mask probability until a trained mask head exists: the UltraFace mask3cls detector runs once on
 * the whole frame (on the decoding thread where {@code prepare-frame} runs it, else here), and each
 * face takes {@code p(masked) / (p(face) + p(masked))} of the mask detection it overlaps most (IoU
 * at least {@link MaskDecoder#DEFAULT_MIN_MATCH_IOU}); a face the mask detector did not find gets
 * null.
 */
public final class MaskHead implements AttributeHead {

    public static final String ROLE = "mask";

    private final OnnxModel model;
    private final String input;
    private final FrameResize resize;
    private final MaskDecoder decoder;
    private long lastNanos;

    /** The last frame's input tensor, reused for the next one (taken while in use). */
    private final AtomicReference<float[]> spareInput = new AtomicReference<>();

    private MaskHead(OnnxModel model, String input, FrameResize resize, MaskDecoder decoder) {
        this.model = model;
        this.input = input;
        this.resize = resize;
        this.decoder = decoder;
    }

    public static MaskHead open(ModelEntry entry, AttributeSettings settings) {
        entry.requireInput("NCHW", "RGB", "(x-127)/128");
        entry.requireOutput("scores", "softmax", List.of("background", "face", "masked_face"));
        entry.requireOutput("boxes", "normalised-x1y1x2y2", null);
        OnnxModel model = settings.load(entry);
        return new MaskHead(
                model,
                entry.input().name(),
                inputResize(entry),
                new MaskDecoder(
                        MaskDecoder.DEFAULT_SCORE_THRESHOLD,
                        MaskDecoder.DEFAULT_NMS_IOU,
                        MaskDecoder.DEFAULT_MIN_MATCH_IOU));
    }

    /** The whole-frame resize to the input size of the mask model {@code entry}. */
    public static FrameResize inputResize(ModelEntry entry) {
        return new FrameResize(entry.input().dimension(3), entry.input().dimension(2));
    }

    @Override
    public String role() {
        return ROLE;
    }

    @Override
    public String modelVersion() {
        return model.spec().version();
    }

    /** The mask detector's faces in the frame, best first, and its time on the frame. */
    public FrameMasks detect(BgrImage frame) {
        float[] tensor = resize.apply(frame, spareInput.getAndSet(null));
        long start = System.nanoTime();
        Map<String, float[]> outputs = model.run(input, tensor, resize.shape());
        long nanos = System.nanoTime() - start;
        spareInput.set(tensor);
        return new FrameMasks(
                decoder.decode(
                                outputs.get("scores"),
                                outputs.get("boxes"),
                                frame.width(),
                                frame.height())
                        .toArray(MaskDetection[]::new),
                nanos);
    }

    /**
     * Uses each frame's {@link FaceBatch#masks()} where the decoding thread ran the mask detector,
     * else runs it here, once per frame of the batch.
     */
    @Override
    public void describe(FaceBatch batch, AttributeValues[] into) {
        long nanos = 0;
        int face = 0;
        for (FaceBatch frame : batch.frames()) {
            if (frame.size() == 0) {
                continue;
            }
            FrameMasks masks = frame.masks() != null ? frame.masks() : detect(frame.frame());
            nanos += masks.modelNanos();
            List<MaskDetection> detections = masks.asList();
            for (FaceBox box : frame.boxes()) {
                into[face++].masked = decoder.maskedProbability(detections, box);
            }
        }
        lastNanos = nanos;
    }

    @Override
    public long lastModelNanos() {
        return lastNanos;
    }

    @Override
    public void close() {
        model.close();
    }
}
