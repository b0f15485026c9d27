package io.headcount.training.experiments;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A trained head's output on features written by the experiments (raw big-endian floats, 256 per
 * row), for the numpy analyses ({@code src/test/python/age_groups.py}): {@code java -cp ...
 * HeadProbabilities HEAD.onnx IN.f32 OUT.f32}, OUT holding the head's probabilities per row.
 */
public final class HeadProbabilities {

    private static final int FEATURES = 256;

    private HeadProbabilities() {}

    public static void main(String[] args) throws IOException, OrtException {
        FloatBuffer in =
                ByteBuffer.wrap(Files.readAllBytes(Path.of(args[1])))
                        .order(ByteOrder.BIG_ENDIAN)
                        .asFloatBuffer();
        float[][] features = new float[in.remaining() / FEATURES][FEATURES];
        for (float[] row : features) {
            in.get(row);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(args[0], new OrtSession.SessionOptions());
                OnnxTensor tensor = OnnxTensor.createTensor(env, features);
                OrtSession.Result result =
                        session.run(Map.of(session.getInputNames().iterator().next(), tensor));
                DataOutputStream out =
                        new DataOutputStream(
                                new BufferedOutputStream(
                                        Files.newOutputStream(Path.of(args[2]))))) {
            for (float[] row : (float[][]) result.get(0).getValue()) {
                for (float p : row) {
                    out.writeFloat(p);
                }
            }
        }
    }
}
