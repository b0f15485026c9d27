package io.headcount.ingest.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Shrinks images so that their longer side fits a limit, keeping the aspect ratio. */
public final class Downscale {

    private Downscale() {}

    /** Width and height of an image. */
    public record Size(int width, int height) {

        public int longerSide() {
            return Math.max(width, height);
        }

        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    /**
     * The size of a {@code width} x {@code height} image after fitting its longer side into {@code
     * maxSide}; never larger than the original and never below 1 pixel.
     */
    public static Size fitWithin(int width, int height, int maxSide) {
        if (width <= 0 || height <= 0 || maxSide <= 0) {
            throw new IllegalArgumentException(
                    "sizes must be positive: " + width + "x" + height + " into " + maxSide);
        }
        int longer = Math.max(width, height);
        if (longer <= maxSide) {
            return new Size(width, height);
        }
        double scale = (double) maxSide / longer;
        return new Size(
                Math.max(1, (int) Math.round(width * scale)),
                Math.max(1, (int) Math.round(height * scale)));
    }

    /**
     * The image with its longer side at most {@code maxSide}; the same instance if it already fits.
     */
    public static BufferedImage toMaxSide(BufferedImage image, int maxSide) {
        Size target = fitWithin(image.getWidth(), image.getHeight(), maxSide);
        if (target.width() == image.getWidth() && target.height() == image.getHeight()) {
            return image;
        }
        return resize(JpegEncoder.toRgb(image), target);
    }

    /**
     * Bilinear steps of at most one half, then a last step to the exact size: one bilinear step
     * from far above the target skips most source pixels and aliases.
     */
    private static BufferedImage resize(BufferedImage image, Size target) {
        BufferedImage current = image;
        int width = image.getWidth();
        int height = image.getHeight();
        while (width != target.width() || height != target.height()) {
            width = Math.max(target.width(), width / 2);
            height = Math.max(target.height(), height / 2);
            current = drawScaled(current, width, height);
        }
        return current;
    }

    private static BufferedImage drawScaled(BufferedImage image, int width, int height) {
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return scaled;
    }
}
