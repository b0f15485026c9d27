package io.headcount.ingest;

import io.headcount.testkit.SharedAssets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Real face images from the shared data folder, and images made for size limits. */
public final class TestImages {

    /** 9,779 aligned 200x200 face crops; mostly baseline JPEGs, a few progressive. */
    public static final String UTK_FACES = "faces-sex/utkface_crop_part1";

    /** A progressive JPEG of {@link #UTK_FACES}. */
    public static final String PROGRESSIVE_FACE =
            UTK_FACES + "/100_1_0_20170110183726390.jpg.chip.jpg";

    /** A baseline JPEG of {@link #UTK_FACES}. */
    public static final String BASELINE_FACE =
            UTK_FACES + "/100_1_2_20170105174847679.jpg.chip.jpg";

    /** A landscape 1023x731 photo of a masked face. */
    public static final String WIDE_PHOTO = "masked-real/chandrikadeb7_with_mask/crop_0003.jpg";

    /** A portrait 623x1042 photo of a masked face. */
    public static final String TALL_PHOTO = "masked-real/chandrikadeb7_with_mask/crop_0025.jpg";

    /** A 764x642 RGBA PNG mask template. */
    public static final String RGBA_PNG = "mask-templates/maskthface/templates/KN95.png";

    private TestImages() {}

    public static Path data(String relativePath) {
        return SharedAssets.data(relativePath);
    }

    public static byte[] bytes(String relativePath) {
        try {
            return Files.readAllBytes(data(relativePath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code count} face images by file name. */
    public static List<Path> faces(int count) {
        try (Stream<Path> files = Files.list(data(UTK_FACES))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jpg"))
                    .sorted()
                    .limit(count)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies {@code source} into {@code folder} as {@code name}. */
    public static Path copy(Path source, Path folder, String name) {
        try {
            return Files.copy(source, folder.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first half of a real JPEG: a file cut off while it was being written. */
    public static Path truncatedJpeg(Path folder, String name) {
        byte[] whole = bytes(BASELINE_FACE);
        return write(folder.resolve(name), Arrays.copyOf(whole, whole.length / 2));
    }

    /** Random RGB noise: incompressible, so its JPEG is as large as JPEGs get. */
    public static BufferedImage noise(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalStateException("not an image");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mean absolute difference per channel (0..255) of two images of the same size. */
    public static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new IllegalArgumentException("sizes differ");
        }
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }
}
