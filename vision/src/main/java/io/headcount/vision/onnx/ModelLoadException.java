package io.headcount.vision.onnx;

/** A model that cannot be used: missing, not the expected bytes, or not the expected contract. */
public final class ModelLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
