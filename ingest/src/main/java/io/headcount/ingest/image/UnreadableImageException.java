package io.headcount.ingest.image;

import java.io.IOException;

/** Bytes that are not a complete image in a format this gateway reads (JPEG or PNG). */
public final class UnreadableImageException extends IOException {

    public UnreadableImageException(String message) {
        super(message);
    }

    public UnreadableImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
