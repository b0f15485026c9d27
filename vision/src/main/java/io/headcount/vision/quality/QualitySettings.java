package io.headcount.vision.quality;

import java.io.Serializable;

/**
 * Below these a face is still emitted and tracked, but its attributes are left null: the attribute
 * models are unreliable on small, blurred or turned-away faces, and a missing value is counted as
 * unknown instead of as a wrong answer.
 *
 * @param minFaceSize minimum shorter box side in pixels
 * @param minSharpness minimum variance of the Laplacian on the normalised grey face
 * @param maxAbsYaw maximum estimated yaw in degrees, either way
 */
public record QualitySettings(float minFaceSize, float minSharpness, float maxAbsYaw)
        implements Serializable {

    public static final float DEFAULT_MIN_FACE_SIZE = 24f;
    public static final float DEFAULT_MIN_SHARPNESS = 5f;
    public static final float DEFAULT_MAX_ABS_YAW = 50f;

    public QualitySettings {
        if (minFaceSize < 0 || minSharpness < 0 || maxAbsYaw <= 0) {
            throw new IllegalArgumentException(
                    "invalid quality thresholds: size "
                            + minFaceSize
                            + ", sharpness "
                            + minSharpness
                            + ", yaw "
                            + maxAbsYaw);
        }
    }

    public static QualitySettings defaults() {
        return new QualitySettings(
                DEFAULT_MIN_FACE_SIZE, DEFAULT_MIN_SHARPNESS, DEFAULT_MAX_ABS_YAW);
    }

    /** Whether a face of this quality is good enough for attributes. */
    public boolean accepts(FaceQualityMeasure quality) {
        return quality.faceSize() >= minFaceSize
                && quality.sharpness() >= minSharpness
                && Math.abs(quality.yaw()) <= maxAbsYaw;
    }
}
