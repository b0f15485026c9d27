package io.headcount.vision.attributes;

import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.frame.BgrImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The faces of one frame that get attributes, with their crops built once and shared by every head
 * that uses the same crop (face-api age/sex and expression do).
 */
public final class FaceBatch {

    private final BgrImage frame;
    private final FrameMasks masks;
    private final List<FaceBox> boxes;
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
    }

    public BgrImage frame() {
        return frame;
    }

    /** The mask detector's findings on the frame, made ahead of time; null if not. */
    public FrameMasks masks() {
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
                    for (int i = 0; i < boxes.size(); i++) {
                        crop.write(frame, boxes.get(i), batch, i);
                    }
                    return batch;
                });
    }
}
