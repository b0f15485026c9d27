package io.headcount.training.augment;

import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.FaceBox;

/**
 * The six face points a mask template's anchors ({@code mask_a} … {@code mask_f} in masks.cfg) are
 * mapped onto, built from YuNet's 5 landmarks and box instead of MaskTheFace's 68 dlib points:
 *
 * <ul>
 *   <li>b, the top centre: halfway down the nose bridge (between the eyes' midpoint and the nose
 *       tip);
 *   <li>a / c, upper left / right: where the line through the nose tip parallel to the eye line
 *       leaves the face box (the jaw at nose height), slightly inset;
 *   <li>d / f, lower left / right: the same at the height of the lower lip, inset more because the
 *       jaw narrows;
 *   <li>e, the chin: along the face's axis (nose tip to mouth centre) at the bottom of the box.
 * </ul>
 *
 * The points are returned as a, b, c, d, e, f, each x then y, in the face image's pixels.
 */
public final class FaceAnchors {

    /** Share of the box width a / c sit inside the box edge. */
    static final double UPPER_INSET = 0.02;

    /** Share of the box width d / f sit inside the box edge. */
    static final double LOWER_INSET = 0.10;

    /** Lower lip below the mouth corners, as a share of the nose-to-mouth distance. */
    static final double LOWER_LIP = 0.45;

    /** The chin at most this many nose-to-mouth distances below the mouth (a long box). */
    static final double MAX_CHIN = 1.9;

    private FaceAnchors() {}

    public static double[] of(DetectedFace face) {
        FaceBox box = face.box();
        double e1x = face.landmarkX(0), e1y = face.landmarkY(0);
        double e2x = face.landmarkX(1), e2y = face.landmarkY(1);
        double nx = face.landmarkX(2), ny = face.landmarkY(2);
        double mx = (face.landmarkX(3) + face.landmarkX(4)) / 2;
        double my = (face.landmarkY(3) + face.landmarkY(4)) / 2;
        double eyes = Math.max(1e-6, Math.hypot(e2x - e1x, e2y - e1y));
        // u along the eye line (image left to right), axis from the nose tip to the mouth centre.
        double ux = (e2x - e1x) / eyes;
        double uy = (e2y - e1y) / eyes;
        double noseToMouth = Math.max(1e-6, Math.hypot(mx - nx, my - ny));
        double ax = (mx - nx) / noseToMouth;
        double ay = (my - ny) / noseToMouth;
        double ex = (e1x + e2x) / 2;
        double ey = (e1y + e2y) / 2;

        double bx = (ex + nx) / 2;
        double by = (ey + ny) / 2;
        double left = box.x();
        double right = box.x() + box.width();
        double[] ac =
                edges(
                        nx,
                        ny,
                        ux,
                        uy,
                        left + UPPER_INSET * box.width(),
                        right - UPPER_INSET * box.width());
        double lipX = mx + LOWER_LIP * noseToMouth * ax;
        double lipY = my + LOWER_LIP * noseToMouth * ay;
        double[] df =
                edges(
                        lipX,
                        lipY,
                        ux,
                        uy,
                        left + LOWER_INSET * box.width(),
                        right - LOWER_INSET * box.width());
        double bottom = box.y() + box.height();
        double toBottom = ay > 0.1 ? (bottom - my) / ay : MAX_CHIN * noseToMouth;
        double chin =
                Math.max(LOWER_LIP * noseToMouth * 1.5, Math.min(toBottom, MAX_CHIN * noseToMouth));
        double cx = mx + chin * ax;
        double cy = my + chin * ay;
        return new double[] {
            ac[0], ac[1], bx, by, ac[2], ac[3], df[0], df[1], cx, cy, df[2], df[3]
        };
    }

    /**
     * Where the line through (px, py) along (ux, uy) crosses x = left and x = right: left x, y,
     * right x, y.
     */
    private static double[] edges(
            double px, double py, double ux, double uy, double left, double right) {
        double slope = Math.abs(ux) < 1e-6 ? 0 : uy / ux;
        return new double[] {left, py + (left - px) * slope, right, py + (right - px) * slope};
    }
}
