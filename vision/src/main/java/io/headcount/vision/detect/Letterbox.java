package io.headcount.vision.detect;

import io.headcount.vision.frame.BgrImage;
import java.io.Serializable;

/**
 * Pre-processing for YuNet: scales a frame so that its longer side is at most {@code longestSide}
 * (keeping the aspect ratio), places it in the top-left corner of a canvas whose sides are rounded
 * up to multiples of 32, and writes planar B, G, R floats in 0..255. The canvas is not squared: the
 * dynamic model takes any multiple of 32, and a 16:9 frame then costs about 40 % less.
 *
 * <p>Frames are not enlarged unless {@code upscale} is set: enlarging adds no detail, costs time,
 * and makes faces that already fill a small image harder to find. Pure and thread-safe.
 */
public final class Letterbox implements Serializable {

    private static final long serialVersionUID = 1L;

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
        return apply(image, null);
    }

    /**
     * Like {@link #apply(BgrImage)}, writing into {@code reuse} when it has exactly the tensor's
     * size (the canvas of a camera's frames never changes): a frame's tensor is a few MB, and a new
     * one per frame is garbage the collector must treat as a humongous object.
     */
    public LetterboxTensor apply(BgrImage image, float[] reuse) {
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
        float[] data;
        if (reuse != null && reuse.length == 3 * width * height) {
            data = reuse;
            zeroPadding(data, width, height, contentWidth, contentHeight);
        } else {
            data = new float[3 * width * height];
        }
        if (contentWidth == sourceWidth && contentHeight == sourceHeight) {
            copy(image, data, width, height);
        } else if (sourceWidth % contentWidth == 0
                && sourceHeight % contentHeight == 0
                && sourceWidth / contentWidth == sourceHeight / contentHeight) {
            resizeByWholeFactor(image, data, width, height, sourceWidth / contentWidth);
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

    /** Zeroes what the content does not cover: the right and bottom margins of each plane. */
    private static void zeroPadding(
            float[] data, int width, int height, int contentWidth, int contentHeight) {
        int plane = width * height;
        for (int c = 0; c < 3; c++) {
            int base = c * plane;
            if (contentWidth < width) {
                for (int y = 0; y < contentHeight; y++) {
                    int row = base + y * width;
                    java.util.Arrays.fill(data, row + contentWidth, row + width, 0f);
                }
            }
            java.util.Arrays.fill(data, base + contentHeight * width, base + plane, 0f);
        }
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
     * {@link #resizeBilinear} where the frame is exactly {@code factor} times the content on both
     * axes (1280x720 or 1920x1080 to 640x360), with the same result to the bit. Every sample then
     * falls on a pixel (odd factor: weight 0) or halfway between two (even factor: weight 1/2), and
     * the bilinear value is that pixel, or the mean of the 2x2 pixels: the lerps' intermediates are
     * small dyadic fractions, exact in a float, so a sum of four bytes times 1/4 is the same float.
     * No weights and no float lerps per pixel.
     */
    private static void resizeByWholeFactor(
            BgrImage image, float[] data, int width, int height, int factor) {
        byte[] pixels = image.pixels();
        int contentWidth = image.width() / factor;
        int contentHeight = image.height() / factor;
        int plane = width * height;
        // The first pixel of each sample, as in resizeBilinear: x0 = factor * x + (factor - 1) / 2.
        int first = (factor - 1) / 2;
        int step = 3 * factor;
        int rowBytes = 3 * image.width();
        for (int y = 0; y < contentHeight; y++) {
            int top = (factor * y + first) * rowBytes + 3 * first;
            int target = y * width;
            if (factor % 2 == 0) {
                int bottom = top + rowBytes;
                for (int x = 0; x < contentWidth; x++, target++, top += step, bottom += step) {
                    data[target] = 0.25f * sum4(pixels, top, bottom);
                    data[plane + target] = 0.25f * sum4(pixels, top + 1, bottom + 1);
                    data[2 * plane + target] = 0.25f * sum4(pixels, top + 2, bottom + 2);
                }
            } else {
                for (int x = 0; x < contentWidth; x++, target++, top += step) {
                    data[target] = pixels[top] & 0xFF;
                    data[plane + target] = pixels[top + 1] & 0xFF;
                    data[2 * plane + target] = pixels[top + 2] & 0xFF;
                }
            }
        }
    }

    /** One channel of two neighbouring pixels in each of two rows, summed. */
    private static int sum4(byte[] pixels, int top, int bottom) {
        return (pixels[top] & 0xFF)
                + (pixels[top + 3] & 0xFF)
                + (pixels[bottom] & 0xFF)
                + (pixels[bottom + 3] & 0xFF);
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
            // The three channels written out: the same arithmetic as lerp(), without a loop.
            for (int x = 0; x < contentWidth; x++, target++) {
                float wx = weightRight[x];
                int a = top + left[x];
                int b = top + right[x];
                int c = bottom + left[x];
                int d = bottom + right[x];
                float upper0 = lerp(pixels[a] & 0xFF, pixels[b] & 0xFF, wx);
                float lower0 = lerp(pixels[c] & 0xFF, pixels[d] & 0xFF, wx);
                float upper1 = lerp(pixels[a + 1] & 0xFF, pixels[b + 1] & 0xFF, wx);
                float lower1 = lerp(pixels[c + 1] & 0xFF, pixels[d + 1] & 0xFF, wx);
                float upper2 = lerp(pixels[a + 2] & 0xFF, pixels[b + 2] & 0xFF, wx);
                float lower2 = lerp(pixels[c + 2] & 0xFF, pixels[d + 2] & 0xFF, wx);
                data[target] = lerp(upper0, lower0, weightBottom);
                data[plane + target] = lerp(upper1, lower1, weightBottom);
                data[2 * plane + target] = lerp(upper2, lower2, weightBottom);
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
