package io.headcount.aggregation.api;

/**
 * The data cannot be read now (Streams not running, rebalancing, an owner unreachable); answered
 * 503.
 */
public final class UnavailableException extends RuntimeException {

    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
