package io.headcount.ingest.image;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * An image decoded from a file or frame, with the format it was stored in.
 *
 * @param pixels the decoded image
 * @param format the ImageIO format name in lower case, e.g. {@code jpeg} or {@code png}
 */
public record DecodedImage(BufferedImage pixels, String format) {

    public DecodedImage {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(format, "format");
    }

    public int width() {
        return pixels.getWidth();
    }

    public int height() {
        return pixels.getHeight();
    }

    public boolean isJpeg() {
        return format.equals("jpeg") || format.equals("jpg");
    }
}
