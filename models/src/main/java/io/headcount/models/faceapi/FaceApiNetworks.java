package io.headcount.models.faceapi;

import io.headcount.models.tfjs.TfjsWeights;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The converter's entry point: tfjs weights of a face-api.js network in, ONNX bytes out. */
public final class FaceApiNetworks {

    private FaceApiNetworks() {}

    /**
     * Converts one network.
     *
     * @param network which graph to build
     * @param manifestJson the {@code *-weights_manifest.json} contents
     * @param shards the contents of each weights file the manifest names (paths relative to it)
     * @return the serialized ONNX model
     */
    public static byte[] convert(
            FaceApiNetwork network, byte[] manifestJson, Function<String, byte[]> shards) {
        TfjsWeights weights = TfjsWeights.parse(manifestJson, shards);
        return switch (network) {
            case AGE_GENDER -> AgeGenderNet.convert(weights).toByteArray();
            case EXPRESSION -> FaceExpressionNet.convert(weights).toByteArray();
        };
    }

    /**
     * The model metadata every converted network carries: where its weights come from, their
     * licence, and its output labels.
     *
     * @param modelFile the weights' base name in the package, e.g. {@code age_gender_model}
     */
    static Map<String, String> metadata(String modelFile, String labelsKey, String labels) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(
                "source",
                "npm @vladmandic/face-api@1.7.15 package/model/"
                        + modelFile
                        + ".bin + "
                        + modelFile
                        + "-weights_manifest.json");
        metadata.put("license", "MIT (package LICENSE)");
        metadata.put(labelsKey, labels);
        return metadata;
    }

    static void requireAllUsed(FaceApiLayers layers, String network) {
        Set<String> unused = layers.unusedWeights();
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(
                    network
                            + ": the weights manifest has tensors the graph does not use "
                            + unused
                            + "; the weights are not those of "
                            + network);
        }
    }
}
