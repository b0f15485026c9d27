package io.headcount.training.augment;

import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.frame.BgrImage;
import java.util.Random;

/**
 * Draws a mask template onto a face: the template for the face's {@link HeadPose}, a homography
 * from its six anchors to the {@link FaceAnchors} of the face, the mask's brightness matched to the
 * face's with random variation, an occasional colour tint, and alpha blending with the template's
 * (bilinearly sampled, so soft-edged) alpha. Pure and deterministic for a given {@link Random}.
 */
public final class MaskAugmenter {

    /** Chance that a mask gets a random colour tint. */
    static final double TINT_PROBABILITY = 0.35;

    private final MaskTemplates templates;

    public MaskAugmenter(MaskTemplates templates) {
        this.templates = templates;
    }

    /** A random style in the view that fits the face. */
    public MaskedFace apply(BgrImage image, DetectedFace face, Random random) {
        return apply(image, face, templates.choose(HeadPose.of(face), random), random);
    }

    public MaskedFace apply(
            BgrImage image, DetectedFace face, MaskTemplate template, Random random) {
        double[] anchors = FaceAnchors.of(face);
        Homography toFace = Homography.fit(template.anchors(), anchors);
        Homography toTemplate = toFace.inverse();

        double brightness =
                Math.max(
                        0.3,
                        Math.min(
                                1.3,
                                (0.45
                                                + 0.55
                                                        * faceBrightness(image, face.box())
                                                        / template.meanBrightness())
                                        * (0.85 + 0.25 * random.nextDouble())));
        double[] tint = {1, 1, 1};
        if (random.nextDouble() < TINT_PROBABILITY) {
            for (int c = 0; c < 3; c++) {
                tint[c] = 0.65 + 0.35 * random.nextDouble();
            }
        }

        int[] bounds = bounds(toFace, template, image);
        byte[] pixels = image.pixels().clone();
        float[] alpha = new float[image.width() * image.height()];
        for (int y = bounds[1]; y < bounds[3]; y++) {
            for (int x = bounds[0]; x < bounds[2]; x++) {
                double[] t = toTemplate.map(x + 0.5, y + 0.5);
                float[] rgba = sample(template, t[0] - 0.5, t[1] - 0.5);
                float a = rgba[3];
                if (a <= 0) {
                    continue;
                }
                int index = y * image.width() + x;
                alpha[index] = a;
                for (int c = 0; c < 3; c++) {
                    // BGR in the image, RGB in the sample: channel c of the image is rgba[2 - c].
                    double mask = Math.min(255, rgba[2 - c] * brightness * tint[2 - c]);
                    double original = pixels[index * 3 + c] & 0xFF;
                    pixels[index * 3 + c] = (byte) Math.round((1 - a) * original + a * mask);
                }
            }
        }
        return new MaskedFace(
                new BgrImage(image.width(), image.height(), pixels),
                template.name(),
                alpha,
                anchors);
    }

    /** The template's corners mapped into the image: x0, y0, x1, y1 (exclusive), cut to it. */
    private static int[] bounds(Homography toFace, MaskTemplate template, BgrImage image) {
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (double[] corner :
                new double[][] {
                    {0, 0},
                    {template.width(), 0},
                    {0, template.height()},
                    {template.width(), template.height()}
                }) {
            double[] p = toFace.map(corner[0], corner[1]);
            minX = Math.min(minX, p[0]);
            minY = Math.min(minY, p[1]);
            maxX = Math.max(maxX, p[0]);
            maxY = Math.max(maxY, p[1]);
        }
        return new int[] {
            (int) Math.max(0, Math.floor(minX)),
            (int) Math.max(0, Math.floor(minY)),
            (int) Math.min(image.width(), Math.ceil(maxX) + 1),
            (int) Math.min(image.height(), Math.ceil(maxY) + 1)
        };
    }

    /** Bilinear R, G, B (0..255) and alpha (0..1) of the template; transparent outside it. */
    private static float[] sample(MaskTemplate template, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        float[] out = new float[4];
        double alphaSum = 0;
        double[] colour = new double[3];
        for (int dy = 0; dy <= 1; dy++) {
            for (int dx = 0; dx <= 1; dx++) {
                double w = (dx == 0 ? 1 - fx : fx) * (dy == 0 ? 1 - fy : fy);
                int px = x0 + dx;
                int py = y0 + dy;
                if (w == 0
                        || px < 0
                        || py < 0
                        || px >= template.width()
                        || py >= template.height()) {
                    continue;
                }
                int p = template.argb()[py * template.width() + px];
                double a = (p >>> 24) / 255.0;
                alphaSum += w * a;
                // Colour weighted by alpha, so transparent pixels' colour does not bleed in.
                colour[0] += w * a * ((p >> 16) & 0xFF);
                colour[1] += w * a * ((p >> 8) & 0xFF);
                colour[2] += w * a * (p & 0xFF);
            }
        }
        if (alphaSum > 0) {
            for (int c = 0; c < 3; c++) {
                out[c] = (float) (colour[c] / alphaSum);
            }
        }
        out[3] = (float) alphaSum;
        return out;
    }

    /** Mean luma of the face box (the part inside the image). */
    private static double faceBrightness(BgrImage image, FaceBox box) {
        int x0 = Math.max(0, (int) box.x());
        int y0 = Math.max(0, (int) box.y());
        int x1 = Math.min(image.width(), (int) Math.ceil(box.x() + box.width()));
        int y1 = Math.min(image.height(), (int) Math.ceil(box.y() + box.height()));
        double sum = 0;
        long count = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                sum +=
                        0.114 * image.sample(x, y, 0)
                                + 0.587 * image.sample(x, y, 1)
                                + 0.299 * image.sample(x, y, 2);
                count++;
            }
        }
        return count == 0 ? 128 : sum / count;
    }
}
