package io.headcount.ingest.source;

/**
 * A source cannot deliver frames now: a stream is unreachable or dropped, a file cannot be opened
 * or decoded. Not about one bad frame (those are skipped): the gateway closes the source and opens
 * it again after a backoff.
 */
public final class SourceUnavailableException extends RuntimeException {

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public SourceUnavailableException(String message) {
        super(message);
    }
}
