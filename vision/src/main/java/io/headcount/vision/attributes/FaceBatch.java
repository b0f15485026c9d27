package io.headcount.vision.attributes;

import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.frame.BgrImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The faces that get attributes, with their crops built once and shared by every head that uses the
 * same crop (face-api age/sex and expression do). Either the faces of one frame, or the faces of
 * several frames together ({@link #ofFrames}): a micro-batch across frames, so a model call covers
 * more faces (a GPU gains from larger batches; on CPU it changes little). Faces keep their order:
 * the first frame's, then the next's.
 */
public final class FaceBatch {

    private final BgrImage frame;
    private final FrameMasks masks;
    private final List<FaceBox> boxes;

    /** The single-frame batches of a batch across frames; empty for a single frame. */
    private final List<FaceBatch> parts;

    private final Map<String, float[]> crops = new HashMap<>();

    public FaceBatch(BgrImage frame, List<FaceBox> boxes) {
        this(frame, null, boxes);
    }

    /**
     * @param masks the mask detector's findings on {@code frame}, made ahead of time, or null (the
     *     mask head runs it)
     */
    public FaceBatch(BgrImage frame, FrameMasks masks, List<FaceBox> boxes) {
        this.frame = frame;
        this.masks = masks;
        this.boxes = List.copyOf(boxes);
        this.parts = List.of();
    }

    private FaceBatch(List<FaceBatch> parts) {
        this.frame = null;
        this.masks = null;
        List<FaceBox> all = new ArrayList<>();
        for (FaceBatch part : parts) {
            if (part.isAcrossFrames()) {
                throw new IllegalArgumentException("a part must hold the faces of one frame");
            }
            all.addAll(part.boxes);
        }
        this.boxes = List.copyOf(all);
        this.parts = List.copyOf(parts);
    }

    /** The faces of several frames as one batch, in the order of {@code frames}. */
    public static FaceBatch ofFrames(List<FaceBatch> frames) {
        return frames.size() == 1 ? frames.get(0) : new FaceBatch(frames);
    }

    /** Whether this batch holds faces of several frames ({@link #ofFrames}). */
    public boolean isAcrossFrames() {
        return frame == null;
    }

    /** The single-frame batches of this one, in order: itself for a single frame. */
    public List<FaceBatch> frames() {
        return isAcrossFrames() ? parts : List.of(this);
    }

    /** The frame of a single-frame batch. */
    public BgrImage frame() {
        requireOneFrame();
        return frame;
    }

    /** The mask detector's findings on the frame, made ahead of time; null if not. */
    public FrameMasks masks() {
        requireOneFrame();
        return masks;
    }

    public List<FaceBox> boxes() {
        return boxes;
    }

    public int size() {
        return boxes.size();
    }

    /** All faces cropped into one NCHW buffer of {@code size()} crops. */
    public float[] crops(FaceCrop crop) {
        return crops.computeIfAbsent(
                crop.key(),
                key -> {
                    float[] batch = new float[boxes.size() * crop.floatsPerFace()];
                    int face = 0;
                    for (FaceBatch part : frames()) {
                        for (FaceBox box : part.boxes) {
                            crop.write(part.frame, box, batch, face++);
                        }
                    }
                    return batch;
                });
    }

    private void requireOneFrame() {
        if (isAcrossFrames()) {
            throw new IllegalStateException(
                    "a batch of " + parts.size() + " frames has no single frame: use frames()");
        }
    }
}
