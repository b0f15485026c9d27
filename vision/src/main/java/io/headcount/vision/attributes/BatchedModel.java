package io.headcount.vision.attributes;

import io.headcount.vision.onnx.OnnxModel;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs a crop model over all faces of a frame in as few calls as the maximum batch allows: one call
 * for up to {@code maxBatch} faces, split beyond that. Times the model calls.
 */
final class BatchedModel {

    /** Receives the outputs of one call covering faces {@code first .. first + count - 1}. */
    interface Outputs {
        void accept(int first, int count, Map<String, float[]> outputs);
    }

    private final OnnxModel model;
    private final String input;
    private final int maxBatch;
    private long lastNanos;

    BatchedModel(OnnxModel model, String input, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maximum batch must be at least 1: " + maxBatch);
        }
        this.model = model;
        this.input = input;
        this.maxBatch = maxBatch;
    }

    void run(float[] crops, int faces, int size, Outputs outputs) {
        int perFace = 3 * size * size;
        long nanos = 0;
        for (int first = 0; first < faces; first += maxBatch) {
            int count = Math.min(maxBatch, faces - first);
            float[] data =
                    count == faces
                            ? crops
                            : Arrays.copyOfRange(crops, first * perFace, (first + count) * perFace);
            long start = System.nanoTime();
            Map<String, float[]> result = model.run(input, data, new long[] {count, 3, size, size});
            nanos += System.nanoTime() - start;
            outputs.accept(first, count, result);
        }
        lastNanos = nanos;
    }

    long lastNanos() {
        return lastNanos;
    }

    String version() {
        return model.spec().version();
    }

    void close() {
        model.close();
    }
}
