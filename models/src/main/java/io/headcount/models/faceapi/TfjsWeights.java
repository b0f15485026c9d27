package io.headcount.models.faceapi;

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
 * The named float tensors of a tfjs weights manifest ({@code *-weights_manifest.json}) and its
 * binary shards, dequantized the way the reference conversion did: {@code float(q) * float(scale) +
 * float(min)} in float32 arithmetic (tfjs computes in double and rounds once; the two differ by at
 * most one unit in the last place).
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
        JsonNode manifest;
        try {
            manifest = new ObjectMapper().readTree(manifestJson);
        } catch (IOException e) {
            throw new UncheckedIOException("the tfjs weights manifest is not JSON", e);
        }
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
        if (!"float32".equals(weight.get("dtype").asText())) {
            throw new IllegalArgumentException(name + ": only float32 weights are supported");
        }
        float[] values = new float[count];
        JsonNode quantization = weight.get("quantization");
        if (quantization == null) {
            for (int i = 0; i < count; i++) {
                values[i] = data.getFloat();
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
}
