package io.headcount.vision.quality;

/**
 * How usable a face is for attributes.
 *
 * @param faceSize shorter box side in frame pixels
 * @param sharpness variance of the Laplacian on the grey face resampled to {@value
 *     FaceQualityEstimator#SHARPNESS_SIDE} px square (higher = sharper)
 * @param yaw estimated head turn in degrees, 0 = frontal, positive = nose towards the image right
 *     ({@link FaceQualityEstimator#estimatedYaw}: from the 5 landmarks or the eyes alone, whichever
 *     is nearer frontal)
 */
public record FaceQualityMeasure(float faceSize, float sharpness, float yaw) {}
