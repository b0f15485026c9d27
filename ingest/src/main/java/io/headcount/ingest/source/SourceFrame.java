package io.headcount.ingest.source;

import java.time.Instant;
import java.util.Objects;

/**
 * One frame as a source delivers it, before it gets a camera and a sequence number.
 *
 * @param jpeg baseline JPEG bytes; not copied, so neither the source nor the caller changes them
 * @param width width of the JPEG in pixels
 * @param height height of the JPEG in pixels
 * @param origin where the frame came from, for logs (e.g. the file path)
 * @param captureTime the source's own clock for this frame (a video's timestamp, a live stream's
 *     arrival time); null when the source has no clock, and the camera's {@code FrameTiming} stamps
 *     it
 */
public record SourceFrame(byte[] jpeg, int width, int height, String origin, Instant captureTime) {

    public SourceFrame {
        Objects.requireNonNull(jpeg, "jpeg");
        Objects.requireNonNull(origin, "origin");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "frame size must be positive: " + width + "x" + height);
        }
    }

    /** A frame without a clock of its own. */
    public SourceFrame(byte[] jpeg, int width, int height, String origin) {
        this(jpeg, width, height, origin, null);
    }

    @Override
    public String toString() {
        return "SourceFrame["
                + origin
                + ", "
                + width
                + "x"
                + height
                + ", "
                + jpeg.length
                + " bytes"
                + (captureTime == null ? "" : ", " + captureTime)
                + "]";
    }
}
