package io.headcount.ingest.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes image bytes in any format ImageIO reads (JPEG and PNG in practice), strictly: a truncated
 * or damaged file is an error, not a partly grey picture.
 */
public final class ImageDecoder {

    /** Larger images are refused before decoding, so a hostile header cannot exhaust the heap. */
    public static final long MAX_PIXELS = 100_000_000L;

    private ImageDecoder() {}

    /**
     * @throws UnreadableImageException if no reader knows the bytes, the image is larger than
     *     {@link #MAX_PIXELS}, or the reader fails or warns (ImageIO only warns about a truncated
     *     JPEG and fills the missing part with grey)
     */
    public static DecodedImage decode(byte[] bytes) throws UnreadableImageException {
        if (bytes.length == 0) {
            throw new UnreadableImageException("empty file");
        }
        // A memory-cached stream: the default stream factory may spill to a temporary file.
        try (ImageInputStream input =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new UnreadableImageException("not an image format this JVM reads");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new UnreadableImageException(
                            "image of "
                                    + reader.getWidth(0)
                                    + "x"
                                    + reader.getHeight(0)
                                    + " exceeds "
                                    + MAX_PIXELS
                                    + " pixels");
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new UnreadableImageException(
                            "damaged image: " + String.join("; ", warnings));
                }
                return new DecodedImage(image, reader.getFormatName().toLowerCase(Locale.ROOT));
            } finally {
                reader.dispose();
            }
        } catch (UnreadableImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO readers throw IIOException, but also IndexOutOfBounds and the like on
            // garbage.
            throw new UnreadableImageException("cannot decode: " + e, e);
        }
    }
}
