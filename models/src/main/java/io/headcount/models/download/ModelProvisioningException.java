package io.headcount.models.download;

/** A model file could not be obtained, converted or verified; the message says which and why. */
public class ModelProvisioningException extends RuntimeException {

    public ModelProvisioningException(String message) {
        super(message);
    }

    public ModelProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
