package io.headcount.training.files;

import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.frame.FrameDecoder;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Reading any image ImageIO decodes and writing JPEGs. */
public final class Images {

    /** High enough that JPEG artefacts do not become a feature of synthetic masks. */
    static final float JPEG_QUALITY = 0.95f;

    private Images() {}

    /** The image, or null when the file cannot be decoded. */
    public static BgrImage read(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            return image == null ? null : FrameDecoder.toBgr(image);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The same pixels as an AWT image, for drawing or encoding. */
    public static BufferedImage toBufferedImage(BgrImage image) {
        BufferedImage out =
                new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        System.arraycopy(image.pixels(), 0, target, 0, target.length);
        return out;
    }

    public static void writeJpeg(BgrImage image, Path file) throws IOException {
        BufferedImage out = toBufferedImage(image);
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(out, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
