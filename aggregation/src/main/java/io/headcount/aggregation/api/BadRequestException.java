package io.headcount.aggregation.api;

/** A request parameter the API cannot use; answered 400 with its message. */
public final class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }
}
