package io.headcount.vision.track;

/**
 * Which sides of a detected box lie on the frame's edge: there the face goes on outside the frame,
 * so that side of the box is not the face's.
 */
record Edges(boolean left, boolean top, boolean right, boolean bottom) {

    static final Edges NONE = new Edges(false, false, false, false);

    /** Within this many pixels of the frame edge a box side counts as cut. */
    static final float TOLERANCE = 1f;

    /** The cut sides of {@code detection}; none when the frame size is unknown (0). */
    static Edges of(Detection detection, int frameWidth, int frameHeight) {
        if (frameWidth <= 0 || frameHeight <= 0) {
            return NONE;
        }
        return new Edges(
                detection.x() <= TOLERANCE,
                detection.y() <= TOLERANCE,
                detection.x() + detection.width() >= frameWidth - TOLERANCE,
                detection.y() + detection.height() >= frameHeight - TOLERANCE);
    }

    boolean horizontal() {
        return left || right;
    }

    boolean vertical() {
        return top || bottom;
    }
}
