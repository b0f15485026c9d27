package io.headcount.inference.detect;

import io.headcount.inference.frame.BgrImage;

/**
 * Pre-processing for YuNet: scales a frame so that its longer side is at most {@code longestSide}
 * (keeping the aspect ratio), places it in the top-left corner of a canvas whose sides are rounded
 * up to multiples of 32, and writes planar B, G, R floats in 0..255. The canvas is not squared: the
 * dynamic model takes any multiple of 32, and a 16:9 frame then costs about 40 % less.
 *
 * <p>Frames are not enlarged unless {@code upscale} is set: enlarging adds no detail, costs time,
 * and makes faces that already fill a small image harder to find. Pure and thread-safe.
 */
public final class Letterbox {

    /** The model's coarsest stride; both tensor sides must be multiples of it. */
    public static final int ALIGNMENT = 32;

    public static final int DEFAULT_LONGEST_SIDE = 640;

    private final int longestSide;
    private final boolean upscale;

    public Letterbox(int longestSide, boolean upscale) {
        if (longestSide < ALIGNMENT || longestSide % ALIGNMENT != 0) {
            throw new IllegalArgumentException(
                    "longest side must be a positive multiple of "
                            + ALIGNMENT
                            + ": "
                            + longestSide);
        }
        this.longestSide = longestSide;
        this.upscale = upscale;
    }

    public Letterbox(int longestSide) {
        this(longestSide, false);
    }

    public int longestSide() {
        return longestSide;
    }

    public LetterboxTensor apply(BgrImage image) {
        int sourceWidth = image.width();
        int sourceHeight = image.height();
        float scale = (float) longestSide / Math.max(sourceWidth, sourceHeight);
        if (!upscale) {
            scale = Math.min(1f, scale);
        }
        int contentWidth = Math.max(1, Math.round(sourceWidth * scale));
        int contentHeight = Math.max(1, Math.round(sourceHeight * scale));
        int width = alignUp(contentWidth);
        int height = alignUp(contentHeight);
        float[] data = new float[3 * width * height];
        if (contentWidth == sourceWidth && contentHeight == sourceHeight) {
            copy(image, data, width, height);
        } else {
            resizeBilinear(image, data, width, height, contentWidth, contentHeight);
        }
        // The exact ratio per axis after rounding, so boxes map back without drift.
        return new LetterboxTensor(
                data,
                width,
                height,
                (float) contentWidth / sourceWidth,
                (float) contentHeight / sourceHeight,
                contentWidth,
                contentHeight);
    }

    private static int alignUp(int size) {
        return (size + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static void copy(BgrImage image, float[] data, int width, int height) {
        byte[] pixels = image.pixels();
        int plane = width * height;
        for (int y = 0; y < image.height(); y++) {
            int source = y * image.width() * 3;
            int target = y * width;
            for (int x = 0; x < image.width(); x++, source += 3, target++) {
                data[target] = pixels[source] & 0xFF;
                data[plane + target] = pixels[source + 1] & 0xFF;
                data[2 * plane + target] = pixels[source + 2] & 0xFF;
            }
        }
    }

    /**
     * Bilinear resampling with pixel centres aligned (as OpenCV's {@code INTER_LINEAR}); the column
     * offsets and weights are computed once per call rather than once per pixel.
     */
    private static void resizeBilinear(
            BgrImage image,
            float[] data,
            int width,
            int height,
            int contentWidth,
            int contentHeight) {
        byte[] pixels = image.pixels();
        int sourceWidth = image.width();
        int sourceHeight = image.height();
        float ratioX = (float) sourceWidth / contentWidth;
        float ratioY = (float) sourceHeight / contentHeight;

        int[] left = new int[contentWidth];
        int[] right = new int[contentWidth];
        float[] weightRight = new float[contentWidth];
        for (int x = 0; x < contentWidth; x++) {
            float sx = clamp((x + 0.5f) * ratioX - 0.5f, 0, sourceWidth - 1);
            int x0 = (int) sx;
            left[x] = x0 * 3;
            right[x] = Math.min(x0 + 1, sourceWidth - 1) * 3;
            weightRight[x] = sx - x0;
        }

        int plane = width * height;
        for (int y = 0; y < contentHeight; y++) {
            float sy = clamp((y + 0.5f) * ratioY - 0.5f, 0, sourceHeight - 1);
            int y0 = (int) sy;
            int top = y0 * sourceWidth * 3;
            int bottom = Math.min(y0 + 1, sourceHeight - 1) * sourceWidth * 3;
            float weightBottom = sy - y0;
            int target = y * width;
            for (int x = 0; x < contentWidth; x++, target++) {
                float wx = weightRight[x];
                for (int c = 0; c < 3; c++) {
                    float upper =
                            lerp(
                                    pixels[top + left[x] + c] & 0xFF,
                                    pixels[top + right[x] + c] & 0xFF,
                                    wx);
                    float lower =
                            lerp(
                                    pixels[bottom + left[x] + c] & 0xFF,
                                    pixels[bottom + right[x] + c] & 0xFF,
                                    wx);
                    data[c * plane + target] = lerp(upper, lower, weightBottom);
                }
            }
        }
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }

    private static float clamp(float value, float min, float max) {
        return Math.max(min, Math.min(max, value));
    }
}
