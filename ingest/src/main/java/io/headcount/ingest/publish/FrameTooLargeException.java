package io.headcount.ingest.publish;

/**
 * A frame that does not fit the frames topic even after one downscale. The frame is not sent; the
 * publisher counts it as rejected, and the caller goes on with the next frame.
 */
public final class FrameTooLargeException extends RuntimeException {

    /** Why a frame was rejected; the {@code reason} tag of the rejected-frames counter. */
    public enum Reason {
        /** Still larger than the limit after one downscale. */
        TOO_LARGE("too_large"),
        /** Larger than the limit, and its JPEG bytes could not be decoded to downscale them. */
        UNDECODABLE("undecodable");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final Reason reason;
    private final String camera;
    private final long sequence;
    private final int frameBytes;
    private final int limitBytes;

    FrameTooLargeException(
            Reason reason,
            String camera,
            long sequence,
            int frameBytes,
            int limitBytes,
            String detail,
            Throwable cause) {
        super(
                "Frame "
                        + sequence
                        + " of camera "
                        + camera
                        + " rejected: its JPEG has "
                        + frameBytes
                        + " bytes, more than the limit of "
                        + limitBytes
                        + " bytes, and "
                        + detail,
                cause);
        this.reason = reason;
        this.camera = camera;
        this.sequence = sequence;
        this.frameBytes = frameBytes;
        this.limitBytes = limitBytes;
    }

    public Reason reason() {
        return reason;
    }

    public String camera() {
        return camera;
    }

    public long sequence() {
        return sequence;
    }

    /** Size of the JPEG as it was handed to the publisher. */
    public int frameBytes() {
        return frameBytes;
    }

    public int limitBytes() {
        return limitBytes;
    }
}
