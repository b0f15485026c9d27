package io.headcount.vision.detect;

import java.io.Serializable;

/** An axis-aligned box in pixels: top-left corner, width and height. */
public record FaceBox(float x, float y, float width, float height) implements Serializable {

    public float area() {
        return Math.max(0f, width) * Math.max(0f, height);
    }

    /** Intersection over union; 0 for disjoint or empty boxes. */
    public float iou(FaceBox other) {
        float left = Math.max(x, other.x);
        float top = Math.max(y, other.y);
        float right = Math.min(x + width, other.x + other.width);
        float bottom = Math.min(y + height, other.y + other.height);
        float intersection = Math.max(0f, right - left) * Math.max(0f, bottom - top);
        float union = area() + other.area() - intersection;
        return union <= 0f ? 0f : intersection / union;
    }

    /** This box cut to the frame {@code [0, frameWidth] x [0, frameHeight]}. */
    public FaceBox clippedTo(int frameWidth, int frameHeight) {
        float left = Math.max(0f, x);
        float top = Math.max(0f, y);
        float right = Math.min(frameWidth, x + width);
        float bottom = Math.min(frameHeight, y + height);
        return new FaceBox(left, top, Math.max(0f, right - left), Math.max(0f, bottom - top));
    }

    /** The shorter side: the face size used for quality decisions. */
    public float shorterSide() {
        return Math.min(width, height);
    }
}
