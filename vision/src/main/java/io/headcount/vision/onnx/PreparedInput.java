package io.headcount.vision.onnx;

import ai.onnxruntime.OnnxTensor;

/**
 * A model input already in native memory ({@link OnnxModel#prepare}); close it to free that memory.
 */
public final class PreparedInput implements AutoCloseable {

    private final String name;
    private final OnnxTensor tensor;

    PreparedInput(String name, OnnxTensor tensor) {
        this.name = name;
        this.tensor = tensor;
    }

    String name() {
        return name;
    }

    OnnxTensor tensor() {
        return tensor;
    }

    @Override
    public void close() {
        tensor.close();
    }
}
