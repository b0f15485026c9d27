package io.headcount.ingest.source.synthetic;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Frontal mask templates drawn by this class (no third-party image), for a machine without the
 * MaskTheFace templates of the shared data: plain shapes in the RGBA form {@link MaskOverlay}
 * reads, a pleated surgical mask in two colours and a dark cloth mask. They are coarser than the
 * photographed templates, enough for the synthetic cameras' masked share to show masked faces.
 */
public final class DrawnMasks {

    /**
     * The templates' names (file names without {@code .png}), in the order {@link #write} draws.
     */
    public static final List<String> NAMES =
            List.of("drawn_surgical_blue", "drawn_surgical_white", "drawn_cloth_black");

    /** Template size; {@link MaskOverlay} stretches it over the lower face. */
    static final int WIDTH = 600;

    static final int HEIGHT = 450;

    private DrawnMasks() {}

    /**
     * Draws the templates into {@code folder} (created if needed; files of the same names are
     * replaced) and returns the folder, ready for {@link MaskOverlay#load}.
     */
    public static Path write(Path folder) throws IOException {
        Files.createDirectories(folder);
        draw(folder, NAMES.get(0), new Color(0x9C, 0xC8, 0xE6), true);
        draw(folder, NAMES.get(1), new Color(0xEE, 0xEF, 0xF0), true);
        draw(folder, NAMES.get(2), new Color(0x26, 0x27, 0x2B), false);
        return folder;
    }

    private static void draw(Path folder, String name, Color colour, boolean pleated)
            throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            Path2D shape = outline();
            // Lit from above: the fabric darkens towards the chin.
            g.setPaint(new GradientPaint(0, 0, colour, 0, HEIGHT, colour.darker()));
            g.fill(shape);
            g.setClip(shape);
            g.setColor(shade(colour, pleated ? 0.82 : 0.7));
            g.setStroke(new BasicStroke(pleated ? 6 : 4));
            if (pleated) {
                for (double level : new double[] {0.33, 0.5, 0.67}) {
                    g.draw(pleat(level));
                }
            } else {
                // A cloth mask's centre seam.
                g.draw(new java.awt.geom.Line2D.Double(WIDTH / 2.0, 0, WIDTH / 2.0, HEIGHT));
            }
            g.setClip(null);
            g.setColor(shade(colour, 0.6));
            g.setStroke(new BasicStroke(5));
            g.draw(shape);
        } finally {
            g.dispose();
        }
        Path target = folder.resolve(name + ".png");
        Path part = folder.resolve(name + ".png.part");
        ImageIO.write(image, "png", part.toFile());
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Over the nose at the top, straight at the cheeks, round under the chin. */
    private static Path2D outline() {
        Path2D shape = new Path2D.Double();
        shape.moveTo(0.04 * WIDTH, 0.16 * HEIGHT);
        shape.quadTo(0.5 * WIDTH, -0.10 * HEIGHT, 0.96 * WIDTH, 0.16 * HEIGHT);
        shape.lineTo(0.98 * WIDTH, 0.62 * HEIGHT);
        shape.curveTo(
                0.86 * WIDTH,
                0.98 * HEIGHT,
                0.14 * WIDTH,
                0.98 * HEIGHT,
                0.02 * WIDTH,
                0.62 * HEIGHT);
        shape.closePath();
        return shape;
    }

    /** A fold across the mask at {@code level} of its height, sagging slightly in the middle. */
    private static Path2D pleat(double level) {
        Path2D line = new Path2D.Double();
        line.moveTo(0, level * HEIGHT);
        line.quadTo(0.5 * WIDTH, (level + 0.06) * HEIGHT, WIDTH, level * HEIGHT);
        return line;
    }

    private static Color shade(Color colour, double factor) {
        return new Color(
                (int) (colour.getRed() * factor),
                (int) (colour.getGreen() * factor),
                (int) (colour.getBlue() * factor));
    }
}
