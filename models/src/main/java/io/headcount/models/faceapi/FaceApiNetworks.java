package io.headcount.models.faceapi;

import io.headcount.models.ModelSource.FaceApiNetwork;
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
