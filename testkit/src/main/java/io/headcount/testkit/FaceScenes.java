package io.headcount.testkit;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Frames with a known number of faces, composed from real labelled face crops (UTKFace, 200x200,
 * one face each) pasted onto a plain background. The count is known by construction, so tests can
 * assert exact counts downstream.
 */
public final class FaceScenes {

    public static final String UTKFACE = "faces-sex/utkface_crop_part1";

    /** Side of a UTKFace crop, in pixels. */
    public static final int CROP_SIZE = 200;

    /** Space between pasted faces and around them, so the detector sees each face whole. */
    public static final int MARGIN = 100;

    private FaceScenes() {}

    /**
     * {@code count} crops of adults (age 20 and over), spread evenly over the name-sorted folder so
     * the choice is fixed but not hand-picked. Skips (or fails under CI) when the data is missing.
     */
    public static List<Path> adultFaces(int count) {
        Path folder = SharedAssets.data(UTKFACE);
        List<Path> adults;
        try (Stream<Path> files = Files.list(folder)) {
            adults = files.filter(FaceScenes::isAdult).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chosen.add(adults.get(i * adults.size() / count));
        }
        return chosen;
    }

    /** A grey frame holding {@code faces} side by side (none: an empty scene). */
    public static BufferedImage scene(List<Path> faces) {
        int width = Math.max(2 * MARGIN + CROP_SIZE, MARGIN + faces.size() * (CROP_SIZE + MARGIN));
        int height = 2 * MARGIN + CROP_SIZE;
        BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D graphics = frame.createGraphics();
        try {
            graphics.setColor(new Color(128, 128, 128));
            graphics.fillRect(0, 0, width, height);
            int x = MARGIN;
            for (Path face : faces) {
                graphics.drawImage(read(face), x, MARGIN, CROP_SIZE, CROP_SIZE, null);
                x += CROP_SIZE + MARGIN;
            }
        } finally {
            graphics.dispose();
        }
        return frame;
    }

    /**
     * A folder of frames as a camera would leave them: {@code frame-000.jpg}, {@code
     * frame-001.jpg}, ... in publishing order, frame {@code i} a {@link #scene} of {@code
     * facesPerFrame[i]} faces, every face a different adult crop ({@link #adultFaces}).
     */
    public static void writeFrames(Path folder, int[] facesPerFrame) {
        List<Path> faces = adultFaces(IntStream.of(facesPerFrame).sum());
        int next = 0;
        for (int frame = 0; frame < facesPerFrame.length; frame++) {
            List<Path> inFrame = faces.subList(next, next + facesPerFrame[frame]);
            next += facesPerFrame[frame];
            writeJpeg(scene(inFrame), folder.resolve(String.format("frame-%03d.jpg", frame)));
        }
    }

    /**
     * A mid-grey {@code width} x {@code height} frame with {@code photo} on it, scaled (bilinear)
     * so that its longest side is {@code longestSide}, its top-left corner at ({@code x}, {@code
     * y}): a face of a known size in a camera's frame.
     */
    public static BufferedImage photoInFrame(
            BufferedImage photo, int longestSide, int width, int height, int x, int y) {
        int longest = Math.max(photo.getWidth(), photo.getHeight());
        BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D graphics = frame.createGraphics();
        try {
            graphics.setColor(new Color(128, 128, 128));
            graphics.fillRect(0, 0, width, height);
            graphics.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(
                    photo,
                    x,
                    y,
                    longestSide * photo.getWidth() / longest,
                    longestSide * photo.getHeight() / longest,
                    null);
        } finally {
            graphics.dispose();
        }
        return frame;
    }

    /** Where {@link #photoInCameraFrame} puts the photo's top-left corner on its 1280x720 frame. */
    public static final int PHOTO_X = 500;

    public static final int PHOTO_Y = 300;

    /**
     * {@code photo} at ({@link #PHOTO_X}, {@link #PHOTO_Y}) on a mid-grey 1280x720 frame, its
     * longest side {@code longestSide}, as a camera sends it: a JPEG (ImageIO's default quality).
     */
    public static byte[] photoInCameraFrame(BufferedImage photo, int longestSide) {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(
                    photoInFrame(photo, longestSide, 1280, 720, PHOTO_X, PHOTO_Y), "jpg", jpeg)) {
                throw new IllegalStateException("No JPEG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jpeg.toByteArray();
    }

    /** Writes {@code image} as a JPEG file. */
    public static Path writeJpeg(BufferedImage image, Path file) {
        try {
            if (!ImageIO.write(image, "jpg", file.toFile())) {
                throw new IllegalStateException("No JPEG writer");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage read(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IllegalStateException(file + " is not an image");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isAdult(Path file) {
        String name = file.getFileName().toString();
        int underscore = name.indexOf('_');
        return name.endsWith(".jpg")
                && underscore > 0
                && Integer.parseInt(name.substring(0, underscore)) >= 20;
    }
}
