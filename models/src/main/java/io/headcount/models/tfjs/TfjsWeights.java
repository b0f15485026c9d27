package io.headcount.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The named tensors of a tfjs weights manifest ({@code *-weights_manifest.json}, or the {@code
 * weightsManifest} of a graph model's {@code model.json}) and its binary shards, as floats. {@code
 * uint8}/{@code uint16} weights are dequantized the way the reference conversion did: {@code
 * float(q) * float(scale) + float(min)} in float32 arithmetic (tfjs computes in double and rounds
 * once; the two differ by at most one unit in the last place). {@code float16} weights widen to
 * float32 exactly; {@code int32} tensors (axes, shapes) are kept as floats, exact for such small
 * numbers.
 */
public final class TfjsWeights {

    /** A tensor in tfjs layout (filters {@code [kh, kw, in, out]}). */
    public record Tensor(String name, int[] shape, float[] values) {}

    private final Map<String, Tensor> tensors;

    private TfjsWeights(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /**
     * Parses a manifest; {@code shards} returns the bytes of each path it names (relative to the
     * manifest).
     */
    public static TfjsWeights parse(byte[] manifestJson, Function<String, byte[]> shards) {
        try {
            return parse(new ObjectMapper().readTree(manifestJson), shards);
        } catch (IOException e) {
            throw new UncheckedIOException("the tfjs weights manifest is not JSON", e);
        }
    }

    /** Parses a manifest already read as JSON (an array of weight groups). */
    public static TfjsWeights parse(JsonNode manifest, Function<String, byte[]> shards) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (JsonNode group : manifest) {
            ByteBuffer data = concatenate(group.get("paths"), shards);
            for (JsonNode weight : group.get("weights")) {
                Tensor tensor = read(weight, data);
                tensors.put(tensor.name(), tensor);
            }
            if (data.hasRemaining()) {
                throw new IllegalArgumentException(
                        data.remaining()
                                + " bytes of the weights are not described by the manifest");
            }
        }
        return new TfjsWeights(tensors);
    }

    /** Names in manifest order. */
    public List<String> names() {
        return new ArrayList<>(tensors.keySet());
    }

    public Tensor get(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException(
                    "the tfjs weights have no tensor " + name + "; they have " + tensors.keySet());
        }
        return tensor;
    }

    private static ByteBuffer concatenate(JsonNode paths, Function<String, byte[]> shards) {
        List<byte[]> parts = new ArrayList<>();
        int size = 0;
        for (JsonNode path : paths) {
            byte[] shard = shards.apply(path.asText());
            if (shard == null) {
                throw new IllegalArgumentException(
                        "weights shard " + path.asText() + " is missing");
            }
            parts.add(shard);
            size += shard.length;
        }
        ByteBuffer data = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        parts.forEach(data::put);
        return data.flip();
    }

    private static Tensor read(JsonNode weight, ByteBuffer data) {
        String name = weight.get("name").asText();
        int[] shape = new int[weight.get("shape").size()];
        int count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = weight.get("shape").get(i).asInt();
            count *= shape[i];
        }
        String dtype = weight.get("dtype").asText();
        float[] values = new float[count];
        JsonNode quantization = weight.get("quantization");
        if ("int32".equals(dtype) && quantization == null) {
            for (int i = 0; i < count; i++) {
                values[i] = data.getInt();
            }
        } else if (!"float32".equals(dtype)) {
            throw new IllegalArgumentException(
                    name + ": only float32 and int32 weights are supported, not " + dtype);
        } else if (quantization == null) {
            for (int i = 0; i < count; i++) {
                values[i] = data.getFloat();
            }
        } else if ("float16".equals(quantization.get("dtype").asText())) {
            for (int i = 0; i < count; i++) {
                values[i] = halfToFloat(data.getShort());
            }
        } else {
            float scale = (float) quantization.get("scale").asDouble();
            float min = (float) quantization.get("min").asDouble();
            String type = quantization.get("dtype").asText();
            for (int i = 0; i < count; i++) {
                int q =
                        switch (type) {
                            case "uint8" -> Byte.toUnsignedInt(data.get());
                            case "uint16" -> Short.toUnsignedInt(data.getShort());
                            default ->
                                    throw new IllegalArgumentException(
                                            name + ": unsupported quantization " + type);
                        };
                values[i] = (float) q * scale + min;
            }
        }
        return new Tensor(name, shape, values);
    }

    /** IEEE 754 binary16 to float32, exact (every half value is a float value). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            // Infinity or NaN: all exponent bits set, the mantissa moved to the top.
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, exact in float32.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** TF filter layout {@code [kh, kw, in, out]} to ONNX {@code [out, in, kh, kw]}. */
    public static float[] hwioToOihw(float[] values, int[] shape) {
        int kh = shape[0];
        int kw = shape[1];
        int in = shape[2];
        int out = shape[3];
        float[] result = new float[values.length];
        for (int h = 0; h < kh; h++) {
            for (int w = 0; w < kw; w++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        result[((o * in + i) * kh + h) * kw + w] =
                                values[((h * kw + w) * in + i) * out + o];
                    }
                }
            }
        }
        return result;
    }
}
