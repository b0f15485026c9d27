package io.headcount.training.experiments;

import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.frame.BgrImage;

/**
 * Occlusion normalisation (issue 7 experiment): paints the lower face a flat colour so that a real
 * mask and a synthetic one look the same to the backbone. The painted region lies below a line
 * parallel to the eye line (YuNet's two eye landmarks, which stay reliable under a mask), {@code
 * depth} eye distances below the eyes' midpoint, and, with a finite {@code halfWidth}, within that
 * many eye distances either side of the face's axis (the mask's width, leaving hair at the sides).
 *
 * <p>The fill is face-api's mean RGB (122.782, 117.001, 104.298), which the age/sex graph
 * subtracts, so the painted pixels enter the backbone as zeros.
 *
 * @param depth the line's distance below the eyes' midpoint, in eye distances
 * @param halfWidth half the painted band's width in eye distances; infinite for the whole width
 */
public record LowerFaceBlanking(double depth, double halfWidth) {

    /** face-api's mean colour, as B, G, R bytes. */
    static final int BLUE = 104;

    static final int GREEN = 117;
    static final int RED = 123;

    public LowerFaceBlanking {
        if (!(depth >= 0) || !(halfWidth > 0)) {
            throw new IllegalArgumentException("invalid blanking: " + depth + ", " + halfWidth);
        }
    }

    /** Blanking of the whole width below the line. */
    public static LowerFaceBlanking below(double depth) {
        return new LowerFaceBlanking(depth, Double.POSITIVE_INFINITY);
    }

    /** A short name for tables and file headers, e.g. {@code k0.45} or {@code k0.45w1.2}. */
    public String label() {
        return "k" + depth + (Double.isInfinite(halfWidth) ? "" : "w" + halfWidth);
    }

    /** A copy of {@code image} with the lower face of {@code face} (same coordinates) painted. */
    public BgrImage apply(BgrImage image, DetectedFace face) {
        double e1x = face.landmarkX(0), e1y = face.landmarkY(0);
        double e2x = face.landmarkX(1), e2y = face.landmarkY(1);
        double eyes = Math.max(1e-6, Math.hypot(e2x - e1x, e2y - e1y));
        double ux = (e2x - e1x) / eyes;
        double uy = (e2y - e1y) / eyes;
        double mx = (e1x + e2x) / 2;
        double my = (e1y + e2y) / 2;
        // Normal to the eye line, turned towards the nose tip so that "below" follows the face.
        double nx = -uy;
        double ny = ux;
        if (nx * (face.landmarkX(2) - mx) + ny * (face.landmarkY(2) - my) < 0) {
            nx = -nx;
            ny = -ny;
        }
        double line = depth * eyes;
        double half = halfWidth * eyes;
        int width = image.width();
        byte[] pixels = image.pixels().clone();
        for (int y = 0; y < image.height(); y++) {
            double dy = y + 0.5 - my;
            for (int x = 0; x < width; x++) {
                double dx = x + 0.5 - mx;
                if (dx * nx + dy * ny >= line && Math.abs(dx * ux + dy * uy) <= half) {
                    int i = (y * width + x) * 3;
                    pixels[i] = (byte) BLUE;
                    pixels[i + 1] = (byte) GREEN;
                    pixels[i + 2] = (byte) RED;
                }
            }
        }
        return new BgrImage(width, image.height(), pixels);
    }
}
