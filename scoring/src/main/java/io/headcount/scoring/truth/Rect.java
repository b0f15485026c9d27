package io.headcount.scoring.truth;

/**
 * An axis-aligned box in frame pixels, the common ground of the truth's boxes and the detector's
 * (the same coordinate system: x to the right, y down, origin at the top-left corner).
 */
public record Rect(double x, double y, double width, double height) {

    public Rect {
        if (!(width >= 0) || !(height >= 0)) {
            throw new IllegalArgumentException(
                    "a box needs a width and height of at least 0, got " + width + "x" + height);
        }
    }

    public double area() {
        return width * height;
    }

    /** Intersection over union; 0 when either box is empty or they do not touch. */
    public double iou(Rect other) {
        double left = Math.max(x, other.x);
        double top = Math.max(y, other.y);
        double right = Math.min(x + width, other.x + other.width);
        double bottom = Math.min(y + height, other.y + other.height);
        double intersection = Math.max(0, right - left) * Math.max(0, bottom - top);
        double union = area() + other.area() - intersection;
        return union <= 0 ? 0 : intersection / union;
    }
}
