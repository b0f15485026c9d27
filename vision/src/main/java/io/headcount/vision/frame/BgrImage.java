package io.headcount.vision.frame;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A decoded frame: 8-bit pixels, interleaved in B, G, R order, rows top to bottom, no padding. This
 * is both what the JPEG decoder produces without conversion and the channel order YuNet expects.
 *
 * @param width pixels per row
 * @param height rows
 * @param pixels {@code width * height * 3} bytes
 */
public record BgrImage(int width, int height, byte[] pixels) implements Serializable {

    public BgrImage {
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image must not be empty: " + width + "x" + height);
        }
        if (pixels.length != width * height * 3) {
            throw new IllegalArgumentException(
                    "expected "
                            + width * height * 3
                            + " bytes for "
                            + width
                            + "x"
                            + height
                            + " BGR, got "
                            + pixels.length);
        }
    }

    /** A uniform image, e.g. a grey canvas to paste faces onto. */
    public static BgrImage filled(int width, int height, int blue, int green, int red) {
        byte[] pixels = new byte[width * height * 3];
        for (int i = 0; i < pixels.length; i += 3) {
            pixels[i] = (byte) blue;
            pixels[i + 1] = (byte) green;
            pixels[i + 2] = (byte) red;
        }
        return new BgrImage(width, height, pixels);
    }

    /**
     * A copy of the {@code width x height} pixels from ({@code x}, {@code y}), which must lie in
     * the image.
     */
    public BgrImage region(int x, int y, int width, int height) {
        if (x < 0
                || y < 0
                || width <= 0
                || height <= 0
                || x + width > this.width
                || y + height > this.height) {
            throw new IllegalArgumentException(
                    "region "
                            + width
                            + "x"
                            + height
                            + " at ("
                            + x
                            + ", "
                            + y
                            + ") is not inside "
                            + this.width
                            + "x"
                            + this.height);
        }
        byte[] copy = new byte[width * height * 3];
        for (int row = 0; row < height; row++) {
            System.arraycopy(
                    pixels, ((y + row) * this.width + x) * 3, copy, row * width * 3, width * 3);
        }
        return new BgrImage(width, height, copy);
    }

    /** Channel {@code c} (0 = blue, 1 = green, 2 = red) of pixel (x, y), 0..255. */
    public int sample(int x, int y, int c) {
        return pixels[(y * width + x) * 3 + c] & 0xFF;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BgrImage image
                && width == image.width
                && height == image.height
                && Arrays.equals(pixels, image.pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "BgrImage[" + width + "x" + height + "]";
    }
}
