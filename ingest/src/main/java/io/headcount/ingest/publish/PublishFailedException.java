package io.headcount.ingest.publish;

/**
 * A non-retriable Kafka error (authorization, a record the broker refuses, a fenced producer...)
 * made the publisher unusable. Thrown by every later {@code send}, {@code flush} and {@code close},
 * with the first such error as its cause.
 */
public final class PublishFailedException extends RuntimeException {

    PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
