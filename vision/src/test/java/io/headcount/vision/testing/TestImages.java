package io.headcount.vision.testing;

import io.headcount.testkit.FaceScenes;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.frame.FrameDecoder;
import io.headcount.vision.frame.FrameRejectedException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Real face images from shared/data and frames composed from them. */
public final class TestImages {

    /** UTKFace crops are all this size. */
    public static final int CROP_SIZE = FaceScenes.CROP_SIZE;

    private TestImages() {}

    /** {@code count} UTKFace crops of adults, a fixed but not hand-picked choice. */
    public static List<Path> adultFaces(int count) {
        return FaceScenes.adultFaces(count);
    }

    public static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BgrImage read(Path file) {
        try {
            return new FrameDecoder().decode(bytes(file));
        } catch (FrameRejectedException e) {
            throw new IllegalStateException(file + " does not decode", e);
        }
    }

    /** A uniform mid-grey frame, like an empty scene. */
    public static BgrImage greyFrame(int width, int height) {
        return BgrImage.filled(width, height, 128, 128, 128);
    }

    /** A copy of {@code frame} with {@code patch} pasted with its top-left corner at (x, y). */
    public static BgrImage paste(BgrImage frame, BgrImage patch, int x, int y) {
        byte[] pixels = frame.pixels().clone();
        for (int row = 0; row < patch.height(); row++) {
            System.arraycopy(
                    patch.pixels(),
                    row * patch.width() * 3,
                    pixels,
                    ((y + row) * frame.width() + x) * 3,
                    patch.width() * 3);
        }
        return new BgrImage(frame.width(), frame.height(), pixels);
    }

    /** Baseline JPEG of {@code image} at quality 0.92, as a gateway would send it. */
    public static byte[] jpeg(BgrImage image) {
        BufferedImage buffered =
                new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) buffered.getRaster().getDataBuffer()).getData();
        System.arraycopy(image.pixels(), 0, target, 0, target.length);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.92f);
            writer.write(null, new IIOImage(buffered, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
