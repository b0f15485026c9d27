package io.headcount.training.augment;

import io.headcount.core.masks.MaskStyles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The MaskTheFace templates of a folder (shared/data/mask-templates/maskthface): {@code masks.cfg}
 * (INI, one section per template with {@code template:} and {@code mask_a} … {@code mask_f}) and
 * the RGBA PNGs under {@code templates/}. Sections without a template file of their own ({@code
 * empty*}, {@code inpaint*}) are skipped.
 */
public final class MaskTemplates {

    private final Map<String, MaskTemplate> byName;

    private MaskTemplates(Map<String, MaskTemplate> byName) {
        this.byName = byName;
    }

    public static MaskTemplates load(Path folder) throws IOException {
        Path config = folder.resolve("masks.cfg");
        Map<String, Map<String, String>> sections = parse(Files.readAllLines(config));
        Map<String, MaskTemplate> templates = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> section : sections.entrySet()) {
            String name = section.getKey();
            Map<String, String> keys = section.getValue();
            String file = keys.get("template");
            if (file == null || !name.equals(stem(file))) {
                continue;
            }
            Path png = folder.resolve("templates").resolve(Path.of(file).getFileName());
            BufferedImage image = ImageIO.read(png.toFile());
            if (image == null) {
                throw new IOException("cannot read mask template " + png);
            }
            int width = image.getWidth();
            int height = image.getHeight();
            int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
            double[] anchors = new double[12];
            int i = 0;
            for (char point = 'a'; point <= 'f'; point++) {
                String value = keys.get("mask_" + point);
                if (value == null) {
                    throw new IOException(config + ": [" + name + "] lacks mask_" + point);
                }
                String[] xy = value.split(",");
                anchors[i++] = Double.parseDouble(xy[0].trim());
                anchors[i++] = Double.parseDouble(xy[1].trim());
            }
            HeadPose pose =
                    name.endsWith("_left")
                            ? HeadPose.LEFT
                            : name.endsWith("_right") ? HeadPose.RIGHT : HeadPose.FRONTAL;
            String style = name.substring(0, name.length() - pose.suffix().length());
            templates.put(name, new MaskTemplate(name, style, pose, width, height, argb, anchors));
        }
        if (templates.isEmpty()) {
            throw new IOException("no mask templates in " + config);
        }
        return new MaskTemplates(templates);
    }

    public List<MaskTemplate> all() {
        return List.copyOf(byName.values());
    }

    /**
     * The styles that have a template for every pose, in masks.cfg order, less those that are no
     * face mask ({@link MaskStyles}).
     */
    public List<String> styles() {
        List<String> styles = new ArrayList<>();
        for (MaskTemplate template : byName.values()) {
            if (!styles.contains(template.style())
                    && MaskStyles.isFaceMask(template.style())
                    && hasAllPoses(template.style())) {
                styles.add(template.style());
            }
        }
        return styles;
    }

    /** A random style in the view that fits {@code pose}. */
    public MaskTemplate choose(HeadPose pose, Random random) {
        List<String> styles = styles();
        String style = styles.get(random.nextInt(styles.size()));
        return byName.get(style + pose.suffix());
    }

    public MaskTemplate get(String name) {
        MaskTemplate template = byName.get(name);
        if (template == null) {
            throw new IllegalArgumentException(
                    "no mask template " + name + "; have " + byName.keySet());
        }
        return template;
    }

    private boolean hasAllPoses(String style) {
        for (HeadPose pose : HeadPose.values()) {
            if (!byName.containsKey(style + pose.suffix())) {
                return false;
            }
        }
        return true;
    }

    private static String stem(String file) {
        String name = Path.of(file).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static Map<String, Map<String, String>> parse(List<String> lines) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = new LinkedHashMap<>();
                sections.put(line.substring(1, line.length() - 1).strip(), current);
            } else if (current != null) {
                int colon = line.indexOf(':');
                int equals = line.indexOf('=');
                int split = colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
                if (split > 0) {
                    current.put(
                            line.substring(0, split).strip(), line.substring(split + 1).strip());
                }
            }
        }
        return sections;
    }
}
