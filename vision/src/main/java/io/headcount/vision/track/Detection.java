package io.headcount.vision.track;

/**
 * One face box of a frame as the tracker sees it: top-left corner, size in pixels, and the
 * detector's score. Nothing else (no landmarks, no pixels) reaches the tracker.
 */
public record Detection(float x, float y, float width, float height, float score) {

    public float centerX() {
        return x + width / 2;
    }

    public float centerY() {
        return y + height / 2;
    }
}
