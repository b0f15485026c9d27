package io.headcount.vision.frame;

/**
 * A frame whose image cannot be used. {@link #reason()} is the stable code that dead letters and
 * metrics carry.
 */
public final class FrameRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a frame's image was rejected. */
    public enum Reason {
        /** No JPEG bytes at all. */
        EMPTY_JPEG,
        /** The bytes do not start with a JPEG start-of-image marker. */
        NOT_JPEG,
        /** A JPEG header, but the data is truncated or damaged. */
        CORRUPT_JPEG,
        /** A valid JPEG in a form this decoder does not read (e.g. CMYK). */
        UNSUPPORTED_JPEG,
        /** The JPEG's size differs from the width and height the frame event declares. */
        DIMENSION_MISMATCH,
        /** More pixels than the configured maximum; refused before decoding them. */
        FRAME_TOO_LARGE
    }

    private final Reason reason;

    public FrameRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public FrameRejectedException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
