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
 * <p>Weaker faces, from {@code lowScore} up to below both the threshold and the tracker's {@code
 * highScore}, are kept at their own score for the tracker's second pass (ByteTrack's low band): a
 * blurred or half-hidden face scores low but lies where its track is predicted, and keeps that
 * track alive. Below the tracker's high score they never start a track, and the tracking stage
 * drops those that continued none. A face from the high score up but below the threshold is not
 * kept: it would start a track that the threshold refused.
 *
 * @param threshold the score a face needs ({@code detector.score-threshold})
 * @param floor the least face score a second opinion can lift ({@code
 *     detector.corroborated-score}); equal to the threshold, nothing is lifted
 * @param lowScore the least score of a face kept only to continue a track ({@code
 *     tracker.low-score}); at or above the threshold or the high score, none is
 * @param highScore the tracker's high score ({@code tracker.high-score}): from it up, a face can
 *     start a track
 * @param searchRegions the most regions per frame that {@link RegionSearch} searches again at the
 *     frame's own resolution, around mask findings and the camera's last faces that no face
 *     explains ({@code detector.search-regions}); 0, none
 */
public record MaskCorroboration(
        float threshold, float floor, float lowScore, float highScore, int searchRegions)
        implements Serializable {

    /**
     * The default floor: with the threshold 0.6, a face YuNet scores 0.15 needs a mask detection of
     * about 0.53 there, just above the mask decoder's own 0.5. Half a face scores low with YuNet,
     * and most real masked faces at 80 to 160 px that YuNet scores 0.15 to 0.3 are found by the
     * mask detector (bench/README.md, "the mask detector's second opinion").
     */
    public static final float DEFAULT_FLOOR = 0.15f;

    public MaskCorroboration {
        if (!(floor > 0f && floor <= threshold)) {
            throw new IllegalArgumentException(
                    "the corroborated score must be above 0 and at most the score threshold "
                            + threshold
                            + ": "
                            + floor);
        }
        if (!(lowScore > 0f)) {
            throw new IllegalArgumentException(
                    "the least score kept to continue a track must be above 0: " + lowScore);
        }
        if (searchRegions < 0) {
            throw new IllegalArgumentException(
                    "the regions searched per frame must be 0 or more: " + searchRegions);
        }
    }

    /** As the canonical constructor, with no region searched again. */
    public MaskCorroboration(float threshold, float floor, float lowScore, float highScore) {
        this(threshold, floor, lowScore, highScore, 0);
    }

    /** A second opinion from {@code floor} up, and no face kept only to continue a track. */
    public MaskCorroboration(float threshold, float floor) {
        this(threshold, floor, threshold, threshold);
    }

    /** No second opinion: only faces the detector scores at its threshold are kept. */
    public static MaskCorroboration none(DetectorSettings detector) {
        return new MaskCorroboration(detector.scoreThreshold(), detector.scoreThreshold());
    }

    /** The detector's settings that also find the faces a second opinion may lift or keep. */
    public DetectorSettings decodingDown(DetectorSettings detector) {
        return detector.withScoreThreshold(Math.min(floor, lowScore));
    }

    /**
     * The faces kept, in order, how many of them only the second opinion kept, and how many only to
     * continue a track.
     *
     * @param faces the faces kept
     * @param lifted of them, those the detector alone scored below the threshold and the second
     *     opinion lifted to it
     * @param lowScoreFaces of them, those below the threshold kept at their own score, for the
     *     tracker's second pass
     */
    public record Kept(List<DetectedFace> faces, int lifted, int lowScoreFaces) {

        /** The faces at the threshold, the lifted ones included. */
        public int found() {
            return faces.size() - lowScoreFaces;
        }
    }

    /**
     * Of {@code found} (decoded as {@link #decodingDown} says, best score first), the faces kept,
     * in the same order; {@code masks} may be null.
     */
    public Kept keep(List<DetectedFace> found, FrameMasks masks) {
        List<DetectedFace> kept = new ArrayList<>(found.size());
        int lifted = 0;
        int continuing = 0;
        for (DetectedFace face : found) {
            if (face.score() >= threshold) {
                kept.add(face);
                continue;
            }
            float score =
                    masks != null && face.score() >= floor
                            ? masks.corroborated(face.box(), face.score())
                            : face.score();
            if (score >= threshold) {
                kept.add(new DetectedFace(face.box(), score, face.landmarks()));
                lifted++;
            } else if (face.score() >= lowScore && face.score() < highScore) {
                kept.add(face);
                continuing++;
            }
        }
        return new Kept(kept, lifted, continuing);
    }
}
