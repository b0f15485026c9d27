package io.headcount.ingest.gateway;

/** A gateway configuration that cannot be used; the message names the camera and the field. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
