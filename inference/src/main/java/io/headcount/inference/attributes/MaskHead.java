package io.headcount.inference.attributes;

import io.headcount.inference.frame.BgrImage;
import io.headcount.inference.models.ModelEntry;
import io.headcount.inference.onnx.OnnxModel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Mask probability until a trained mask head exists: the UltraFace mask3cls detector runs once on
 * the whole frame, and each face takes {@code p(masked) / (p(face) + p(masked))} of the mask
 * detection it overlaps most (IoU at least {@link MaskDecoder#DEFAULT_MIN_MATCH_IOU}); a face the
 * mask detector did not find gets null.
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

    /**
     * The mask head's input resize when {@code settings} include the mask head, else null: to
     * resize frames ahead of time ({@link #detect(BgrImage, ResizedFrame)}).
     */
    public static FrameResize inputResize(AttributeSettings settings) {
        return settings.heads().contains(ROLE)
                ? inputResize(settings.manifest().model(ROLE))
                : null;
    }

    @Override
    public String role() {
        return ROLE;
    }

    @Override
    public String modelVersion() {
        return model.spec().version();
    }

    /** The mask detector's faces in the frame, best first. */
    public List<MaskDetection> detect(BgrImage frame) {
        return detect(frame, null);
    }

    /**
     * As {@link #detect(BgrImage)}, on {@code prepared} = {@link #inputResize} of this head's model
     * applied to {@code frame} ahead of time; null (or another size) to resize here.
     */
    public List<MaskDetection> detect(BgrImage frame, ResizedFrame prepared) {
        boolean usePrepared = prepared != null && resize.fits(prepared);
        float[] tensor =
                usePrepared ? prepared.data() : resize.apply(frame, spareInput.getAndSet(null));
        long start = System.nanoTime();
        Map<String, float[]> outputs = model.run(input, tensor, resize.shape());
        lastNanos = System.nanoTime() - start;
        if (!usePrepared) {
            spareInput.set(tensor);
        }
        return decoder.decode(
                outputs.get("scores"), outputs.get("boxes"), frame.width(), frame.height());
    }

    @Override
    public void describe(FaceBatch batch, AttributeValues[] into) {
        if (batch.size() == 0) {
            lastNanos = 0;
            return;
        }
        List<MaskDetection> detections = detect(batch.frame(), batch.maskInput());
        for (int i = 0; i < batch.size(); i++) {
            into[i].masked = decoder.maskedProbability(detections, batch.boxes().get(i));
        }
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
