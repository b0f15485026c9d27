package io.headcount.vision.attributes;

import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The face detector's findings with a second opinion from the frame-level mask detector. A mask
 * covers half the face, so the face detector (YuNet) often scores a masked face below its threshold
 * while the mask detector (UltraFace mask3cls, trained on masked faces) finds it. A face scored
 * from {@code floor} up to the {@code threshold} is kept when the mask detector also found a face
 * there and the two scores together, {@link FrameMasks#corroborated}, reach the threshold; it then
 * carries that combined score. Faces at or above the threshold are kept as they are, and a frame
 * without mask findings (none made, or the mask attribute switched off) keeps only those.
 *
 * @param threshold the score a face needs ({@code detector.score-threshold})
 * @param floor the least face score a second opinion can lift ({@code
 *     detector.corroborated-score}); equal to the threshold, nothing is lifted
 */
public record MaskCorroboration(float threshold, float floor) implements Serializable {

    public MaskCorroboration {
        if (!(floor > 0f && floor <= threshold)) {
            throw new IllegalArgumentException(
                    "the corroborated score must be above 0 and at most the score threshold "
                            + threshold
                            + ": "
                            + floor);
        }
    }

    /** No second opinion: only faces the detector scores at its threshold are kept. */
    public static MaskCorroboration none(DetectorSettings detector) {
        return new MaskCorroboration(detector.scoreThreshold(), detector.scoreThreshold());
    }

    /** The detector's settings that also find the faces a second opinion may lift. */
    public DetectorSettings decodingDown(DetectorSettings detector) {
        return detector.withScoreThreshold(floor);
    }

    /**
     * The faces kept, in order, and how many of them only the second opinion kept.
     *
     * @param faces the faces kept
     * @param lifted of them, those the detector alone scored below the threshold
     */
    public record Kept(List<DetectedFace> faces, int lifted) {}

    /**
     * Of {@code found} (decoded down to {@link #floor}, best score first), the faces kept, in the
     * same order; {@code masks} may be null.
     */
    public Kept keep(List<DetectedFace> found, FrameMasks masks) {
        List<DetectedFace> kept = new ArrayList<>(found.size());
        int lifted = 0;
        for (DetectedFace face : found) {
            if (face.score() >= threshold) {
                kept.add(face);
            } else if (masks != null && face.score() >= floor) {
                float score = masks.corroborated(face.box(), face.score());
                if (score >= threshold) {
                    kept.add(new DetectedFace(face.box(), score, face.landmarks()));
                    lifted++;
                }
            }
        }
        return new Kept(kept, lifted);
    }
}
