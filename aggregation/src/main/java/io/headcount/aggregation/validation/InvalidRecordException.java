package io.headcount.aggregation.validation;

/**
 * Thrown by a validation step for an input record (an observation or a processed frame) that cannot
 * be counted. The processing exception handler turns it into a dead letter with {@link
 * #rejection()} as the reason.
 */
public final class InvalidRecordException extends RuntimeException {

    private final Rejection rejection;

    public InvalidRecordException(Rejection rejection, String detail) {
        // No stack trace: this is a verdict on data, not a failure of the code.
        super(rejection + ": " + detail, null, false, false);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
