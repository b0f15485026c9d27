package io.headcount.core.kafka;

/** A Kafka security setting is missing, unknown or names a file that cannot be read. */
public final class KafkaSecurityException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public KafkaSecurityException(String message) {
        super("Kafka security: " + message);
    }

    public KafkaSecurityException(String message, Throwable cause) {
        super("Kafka security: " + message, cause);
    }
}
