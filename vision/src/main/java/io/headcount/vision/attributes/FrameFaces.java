package io.headcount.vision.attributes;

import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.quality.FaceQualityMeasure;

/**
 * One frame's part of {@link FaceDescriber#describeFrames}: its faces, their quality and which of
 * them the heads run on.
 *
 * @param frame the frame's pixels
 * @param masks the mask detector's findings on it made ahead of time, or null
 * @param faces its faces
 * @param measures each face's quality ({@link FaceDescriber#measure})
 * @param picked per face, whether the heads run on it (only faces the thresholds accept)
 */
public record FrameFaces(
        BgrImage frame,
        FrameMasks masks,
        DetectedFace[] faces,
        FaceQualityMeasure[] measures,
        boolean[] picked) {

    public FrameFaces {
        if (measures.length != faces.length || picked.length != faces.length) {
            throw new IllegalArgumentException(
                    measures.length
                            + " measures and "
                            + picked.length
                            + " picks for "
                            + faces.length
                            + " faces");
        }
    }
}
