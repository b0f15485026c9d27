package io.headcount.vision.detect;

import java.io.Serializable;

/**
 * A frame scaled by a fixed ratio into the top-left corner of a canvas whose sides are multiples of
 * 32, as planar float data (channels B, G, R; raw 0..255; zero padding to the right and bottom).
 *
 * @param data {@code 3 * height * width} floats in NCHW order for a batch of one
 * @param width canvas width (tensor W)
 * @param height canvas height (tensor H)
 * @param scaleX canvas pixels per frame pixel along x; divide canvas x by it to get frame x
 * @param scaleY the same along y (equal to {@code scaleX} up to the rounding of the content size)
 * @param contentWidth width of the scaled frame inside the canvas
 * @param contentHeight height of the scaled frame inside the canvas
 */
public record LetterboxTensor(
        float[] data,
        int width,
        int height,
        float scaleX,
        float scaleY,
        int contentWidth,
        int contentHeight)
        implements Serializable {

    /** Tensor shape {@code [1, 3, height, width]}. */
    public long[] shape() {
        return new long[] {1, 3, height, width};
    }
}
