package io.headcount.vision.frame;

import io.headcount.core.jpeg.JpegMarkers;
import io.headcount.vision.frame.FrameRejectedException.Reason;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes a frame's JPEG bytes into a {@link BgrImage}, or rejects them with a reason. The size is
 * read from the header and checked before any pixel is decoded, so an oversized (or lying) frame
 * costs no memory. Colour JPEGs decode straight into B, G, R bytes, which are used as they are
 * ({@code getRGB} would cost several times the decode itself), one array copy per row. Thread-safe:
 * each call uses its own reader.
 */
public final class FrameDecoder {

    /** 4096 x 4096: above any camera frame this product expects, below what would strain a task. */
    public static final long DEFAULT_MAX_PIXELS = 4096L * 4096L;

    private static final byte[] START_OF_IMAGE = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    /**
     * The colour model of {@link #bgrDestination}: it only labels the bands; the reader converts
     * nothing when bands are selected, and nothing reads the image as RGB. Immutable, so shared.
     */
    private static final ColorModel BAND_LABELS =
            new ComponentColorModel(
                    ColorSpace.getInstance(ColorSpace.CS_sRGB),
                    false,
                    false,
                    Transparency.OPAQUE,
                    DataBuffer.TYPE_BYTE);

    private final long maxPixels;

    public FrameDecoder(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    public FrameDecoder() {
        this(DEFAULT_MAX_PIXELS);
    }

    /**
     * Decodes {@code jpeg} and checks that it is {@code declaredWidth x declaredHeight}, as the
     * frame event says.
     */
    public BgrImage decode(byte[] jpeg, int declaredWidth, int declaredHeight)
            throws FrameRejectedException {
        return decode(jpeg, new int[] {declaredWidth, declaredHeight});
    }

    /** Decodes {@code jpeg} whatever its size (up to the maximum), e.g. for tools and tests. */
    public BgrImage decode(byte[] jpeg) throws FrameRejectedException {
        return decode(jpeg, null);
    }

    private BgrImage decode(byte[] jpeg, int[] declared) throws FrameRejectedException {
        if (jpeg == null || jpeg.length == 0) {
            throw new FrameRejectedException(Reason.EMPTY_JPEG, "frame has no JPEG bytes");
        }
        if (jpeg.length < START_OF_IMAGE.length
                || !Arrays.equals(
                        jpeg, 0, START_OF_IMAGE.length, START_OF_IMAGE, 0, START_OF_IMAGE.length)) {
            throw new FrameRejectedException(
                    Reason.NOT_JPEG, "no JPEG start-of-image marker in " + jpeg.length + " bytes");
        }
        ImageReader reader = jpegReader();
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream input =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(input, true, true);
            // libjpeg reports truncated or damaged data as warnings and fills the rest with grey; a
            // half-grey frame would only produce wrong detections, so a warning rejects the frame.
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkSize(width, height, declared);
            if (decodesStraightToBgr(reader, jpeg)) {
                byte[] pixels = new byte[width * height * 3];
                reader.read(0, bgrDestination(reader, pixels, width, height));
                rejectOnWarnings(warnings);
                return new BgrImage(width, height, pixels);
            }
            BufferedImage image = reader.read(0);
            rejectOnWarnings(warnings);
            return toBgr(image);
        } catch (IIOException e) {
            // Damaged bytes also produce "Unsupported JPEG process" messages; only a colour model
            // the
            // JDK cannot convert (CMYK, YCCK) means the JPEG itself is fine.
            String message = String.valueOf(e.getMessage());
            // libjpeg refuses a header declaring a side over 65500 px before any size check here.
            Reason reason =
                    message.startsWith("Unsupported Image Type")
                            ? Reason.UNSUPPORTED_JPEG
                            : message.startsWith("Maximum supported image dimension")
                                    ? Reason.FRAME_TOO_LARGE
                                    : Reason.CORRUPT_JPEG;
            throw new FrameRejectedException(reason, message, e);
        } catch (IOException | RuntimeException e) {
            // The JDK decoder signals some malformed streams with unchecked exceptions.
            throw new FrameRejectedException(Reason.CORRUPT_JPEG, e.toString(), e);
        } finally {
            reader.dispose();
        }
    }

    private static void rejectOnWarnings(List<String> warnings) throws FrameRejectedException {
        if (!warnings.isEmpty()) {
            throw new FrameRejectedException(Reason.CORRUPT_JPEG, String.join("; ", warnings));
        }
    }

    /**
     * Whether the JPEG decodes to the reader's default colour image ({@code TYPE_3BYTE_BGR}: a
     * YCbCr or RGB JPEG) with no ICC profile to convert from, so that {@link #bgrDestination} gives
     * the very bytes {@code reader.read(0)} would. Grey, CMYK and profiled JPEGs take the general
     * path.
     */
    private static boolean decodesStraightToBgr(ImageReader reader, byte[] jpeg)
            throws IOException {
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        return types.hasNext()
                && types.next().getBufferedImageType() == BufferedImage.TYPE_3BYTE_BGR
                && !JpegMarkers.mayHaveIccProfile(jpeg);
    }

    /**
     * A read into {@code pixels} as B, G, R bytes. The reader's own {@code TYPE_3BYTE_BGR} image
     * stores the bands R, G, B at offsets 2, 1, 0, which its decoded R, G, B rows (offsets 0, 1, 2)
     * can only be copied into sample by sample in Java (about a third of the decoding thread's Java
     * time on 1280x720 frames). Here libjpeg's native band selection writes each row as B, G, R,
     * and the destination keeps its bands in that order, so every row is one array copy; the bytes
     * are the same.
     */
    private static ImageReadParam bgrDestination(
            ImageReader reader, byte[] pixels, int width, int height) {
        WritableRaster raster =
                Raster.createInterleavedRaster(
                        new DataBufferByte(pixels, pixels.length),
                        width,
                        height,
                        width * 3,
                        3,
                        new int[] {0, 1, 2},
                        null);
        ImageReadParam param = reader.getDefaultReadParam();
        param.setDestination(new BufferedImage(BAND_LABELS, raster, false, null));
        param.setSourceBands(new int[] {2, 1, 0});
        return param;
    }

    private void checkSize(int width, int height, int[] declared) throws FrameRejectedException {
        if ((long) width * height > maxPixels) {
            throw new FrameRejectedException(
                    Reason.FRAME_TOO_LARGE,
                    width + "x" + height + " is more than the maximum of " + maxPixels + " pixels");
        }
        if (declared != null && (width != declared[0] || height != declared[1])) {
            throw new FrameRejectedException(
                    Reason.DIMENSION_MISMATCH,
                    "JPEG is "
                            + width
                            + "x"
                            + height
                            + " but the frame declares "
                            + declared[0]
                            + "x"
                            + declared[1]);
        }
    }

    private static ImageReader jpegReader() {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        if (!readers.hasNext()) {
            throw new IllegalStateException("this JVM has no JPEG ImageIO reader");
        }
        return readers.next();
    }

    /**
     * Any decoded image as B, G, R bytes (also used for PNG and other formats the evaluation
     * reads).
     */
    public static BgrImage toBgr(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        Raster raster = image.getRaster();
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && isPacked(raster, 3)) {
            return new BgrImage(width, height, ((DataBufferByte) raster.getDataBuffer()).getData());
        }
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY && isPacked(raster, 1)) {
            byte[] grey = ((DataBufferByte) raster.getDataBuffer()).getData();
            byte[] bgr = new byte[width * height * 3];
            for (int i = 0, j = 0; i < grey.length; i++, j += 3) {
                bgr[j] = grey[i];
                bgr[j + 1] = grey[i];
                bgr[j + 2] = grey[i];
            }
            return new BgrImage(width, height, bgr);
        }
        // Rare layouts: let Java2D do the colour conversion.
        BufferedImage converted = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D graphics = converted.createGraphics();
        try {
            graphics.drawImage(image, 0, 0, null);
        } finally {
            graphics.dispose();
        }
        return new BgrImage(
                width, height, ((DataBufferByte) converted.getRaster().getDataBuffer()).getData());
    }

    /**
     * True when the raster's bytes are exactly its pixels, row after row, with no offset or gap.
     */
    private static boolean isPacked(Raster raster, int channels) {
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || !(raster.getSampleModel() instanceof ComponentSampleModel model)) {
            return false;
        }
        return buffer.getNumBanks() == 1
                && buffer.getOffset() == 0
                && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0
                && model.getPixelStride() == channels
                && model.getScanlineStride() == raster.getWidth() * channels
                && buffer.getData().length == raster.getWidth() * raster.getHeight() * channels;
    }
}
