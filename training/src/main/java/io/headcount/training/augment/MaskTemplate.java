package io.headcount.training.augment;

/**
 * One mask image with its alpha (the mask's shape) and the six anchor points of masks.cfg.
 *
 * @param name section name in masks.cfg, e.g. {@code surgical_left}
 * @param style the name without the view suffix, e.g. {@code surgical}
 * @param pose the head pose the template is drawn for
 * @param width pixels per row
 * @param height rows
 * @param argb pixels as 0xAARRGGBB, rows top to bottom
 * @param anchors a, b, c, d, e, f as x, y pairs in template pixels (may lie outside the image)
 */
public record MaskTemplate(
        String name,
        String style,
        HeadPose pose,
        int width,
        int height,
        int[] argb,
        double[] anchors) {

    public MaskTemplate {
        if (argb.length != width * height) {
            throw new IllegalArgumentException("template " + name + ": pixel count differs");
        }
        if (anchors.length != 12) {
            throw new IllegalArgumentException("template " + name + ": needs six anchor points");
        }
    }

    /** Mean brightness (0..255) of the opaque part, for matching the face's lighting. */
    public double meanBrightness() {
        double sum = 0;
        double weight = 0;
        for (int p : argb) {
            double alpha = (p >>> 24) / 255.0;
            sum += alpha * luma(p);
            weight += alpha;
        }
        return weight == 0 ? 128 : sum / weight;
    }

    static double luma(int p) {
        return 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
    }
}
