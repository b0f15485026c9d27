package io.headcount.vision.attributes;

import io.headcount.vision.detect.FaceBox;
import java.io.Serializable;

/**
 * A face found by the UltraFace mask detector.
 *
 * @param box in frame pixels
 * @param face probability of class {@code face} (unmasked)
 * @param masked probability of class {@code masked_face}
 */
public record MaskDetection(FaceBox box, float face, float masked) implements Serializable {

    /** The stronger of the two face classes: the detection's score. */
    public float score() {
        return Math.max(face, masked);
    }

    /** p(masked) among faces: {@code masked / (face + masked)}, ignoring the background class. */
    public float maskedShare() {
        float total = face + masked;
        return total <= 0 ? 0f : masked / total;
    }
}
