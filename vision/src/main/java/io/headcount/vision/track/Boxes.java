package io.headcount.vision.track;

/** Box overlap: boxes are {@code x, y, width, height} arrays. */
final class Boxes {

    /**
     * Which box of a track an association pass compares: Kalman prediction, last detection, widened
     * prediction.
     */
    static final int PREDICTED = 0;

    static final int LAST_OBSERVED = 1;
    static final int WIDENED = 2;

    private Boxes() {}

    static float[] of(Detection detection) {
        return new float[] {detection.x(), detection.y(), detection.width(), detection.height()};
    }

    /** {@code box} grown on every side by {@code fraction} of its width and height. */
    static float[] widened(float[] box, float fraction) {
        if (fraction == 0f) {
            return box;
        }
        return new float[] {
            box[0] - fraction * box[2],
            box[1] - fraction * box[3],
            box[2] * (1 + 2 * fraction),
            box[3] * (1 + 2 * fraction)
        };
    }

    /** Intersection over union; 0 for disjoint or empty boxes. */
    static float iou(float[] a, float[] b) {
        float left = Math.max(a[0], b[0]);
        float top = Math.max(a[1], b[1]);
        float right = Math.min(a[0] + a[2], b[0] + b[2]);
        float bottom = Math.min(a[1] + a[3], b[1] + b[3]);
        float intersection = Math.max(0f, right - left) * Math.max(0f, bottom - top);
        float union =
                Math.max(0f, a[2]) * Math.max(0f, a[3])
                        + Math.max(0f, b[2]) * Math.max(0f, b[3])
                        - intersection;
        return union <= 0f ? 0f : intersection / union;
    }
}
