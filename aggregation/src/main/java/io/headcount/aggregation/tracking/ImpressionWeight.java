package io.headcount.aggregation.tracking;

import io.headcount.schemas.FaceQuality;

/**
 * How much one impression counts in fusion, in [0, 1]: the product of three factors, each 1 for a
 * good face. Size: {@code min(1, faceSize / 80 px)} (attribute models are trained on faces of about
 * that size; smaller ones are upscaled guesses). Sharpness: {@code min(1, sharpness / 100)}
 * (variance of the Laplacian; motion blur falls well below 100). Frontalness: {@code max(0,
 * cos(yaw))}: a profile (90°) contributes nothing. A factor that was not measured (null) is 1: no
 * penalty for a camera that does not estimate it. A factor that is not a number (NaN, or an
 * infinite yaw) is 0: the impression contributes nothing rather than spoiling the track's sums.
 */
public final class ImpressionWeight {

    static final double FULL_SIZE_PIXELS = 80;
    static final double FULL_SHARPNESS = 100;

    private ImpressionWeight() {}

    public static double of(FaceQuality quality) {
        double size = clamp(quality.getFaceSize() / FULL_SIZE_PIXELS);
        double sharpness =
                quality.getSharpness() == null ? 1 : clamp(quality.getSharpness() / FULL_SHARPNESS);
        double frontal =
                quality.getYaw() == null ? 1 : clamp(Math.cos(Math.toRadians(quality.getYaw())));
        return size * sharpness * frontal;
    }

    private static double clamp(double value) {
        return Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
    }
}
