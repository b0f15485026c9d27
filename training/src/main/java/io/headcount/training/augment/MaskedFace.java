package io.headcount.training.augment;

import io.headcount.vision.frame.BgrImage;

/**
 * A face image with a synthetic mask drawn on.
 *
 * @param image the masked image, same size as the original
 * @param template the template used, e.g. {@code KN95_left}
 * @param alpha the mask's opacity 0..1 per pixel of {@code image} (row-major), for checks
 * @param anchors the six face points the template's anchors were mapped to ({@link FaceAnchors})
 */
public record MaskedFace(BgrImage image, String template, float[] alpha, double[] anchors) {

    /** Opacity of the mask at pixel (x, y); 0 outside the image. */
    public float alphaAt(double x, double y) {
        int px = (int) Math.round(x);
        int py = (int) Math.round(y);
        if (px < 0 || py < 0 || px >= image.width() || py >= image.height()) {
            return 0f;
        }
        return alpha[py * image.width() + px];
    }
}
