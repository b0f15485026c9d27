package io.headcount.ingest.source.synthetic;

import io.headcount.core.masks.MaskStyles;
import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Draws a mask over an aligned face crop: a frontal MaskTheFace template (RGBA, its alpha is the
 * mask's shape) alpha-blended over the lower half of the face. A rough placement that suits
 * aligned, frontal crops such as UTKFace's; the landmark-based placement is a later issue.
 */
public final class MaskOverlay {

    /** Where the template goes, as fractions of the face box: nose to chin, cheek to cheek. */
    static final double LEFT = 0.15;

    static final double TOP = 0.48;
    static final double WIDTH = 0.70;
    static final double HEIGHT = 0.50;

    private final List<String> names;
    private final List<BufferedImage> templates;

    private MaskOverlay(List<String> names, List<BufferedImage> templates) {
        this.names = names;
        this.templates = templates;
    }

    /**
     * Loads the frontal templates of a {@code templates} folder (files without {@code _left}/{@code
     * _right}), in name order, less the styles that are no face mask ({@link MaskStyles}: the
     * augmenter leaves them out too).
     */
    public static MaskOverlay load(Path templateFolder) throws IOException {
        List<String> names = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        try (Stream<Path> files = Files.list(templateFolder)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if (!name.endsWith(".png") || name.contains("_left") || name.contains("_right")) {
                    continue;
                }
                String style = name.substring(0, name.length() - 4);
                if (!MaskStyles.isFaceMask(style)) {
                    continue;
                }
                BufferedImage image = ImageIO.read(file.toFile());
                if (image == null || !image.getColorModel().hasAlpha()) {
                    throw new IOException("not an RGBA mask template: " + file);
                }
                names.add(style);
                images.add(image);
            }
        }
        if (images.isEmpty()) {
            throw new IOException("no frontal mask template (*.png) in " + templateFolder);
        }
        return new MaskOverlay(List.copyOf(names), List.copyOf(images));
    }

    public int size() {
        return templates.size();
    }

    public String name(int template) {
        return names.get(template);
    }

    /** Blends template {@code template} over {@code face} (changed in place). */
    public void apply(BufferedImage face, int template) {
        int w = face.getWidth();
        int h = face.getHeight();
        Graphics2D g = face.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setComposite(AlphaComposite.SrcOver);
            g.drawImage(
                    templates.get(template),
                    (int) Math.round(LEFT * w),
                    (int) Math.round(TOP * h),
                    (int) Math.round(WIDTH * w),
                    (int) Math.round(HEIGHT * h),
                    null);
        } finally {
            g.dispose();
        }
    }
}
