package io.headcount.models.faceapi;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.headcount.models.tfjs.OnnxGraph;
import io.headcount.models.tfjs.TfjsWeights;
import java.util.Map;

/**
 * face-api.js {@code AgeGenderNet} as ONNX: the TinyXception backbone ({@code TinyXception.ts}, two
 * middle blocks), 7x7 average pooling to 512 features, and two fully connected heads, age (years)
 * and gender (softmax {@code [male, female]}). Input {@code [N, 3, 112, 112]} RGB 0..255.
 */
public final class AgeGenderNet {

    static final int MIDDLE_BLOCKS = 2;

    private AgeGenderNet() {}

    public static ModelProto convert(TfjsWeights weights) {
        OnnxGraph graph = new OnnxGraph("faceapi_age_gender_tinyxception");
        FaceApiLayers layers = new FaceApiLayers(graph, weights);
        String input = graph.input("input", 3, 112, 112);

        String out = layers.relu(layers.conv(layers.normalize(input), "entry_flow/conv_in", 2));
        out = reductionBlock(layers, out, "entry_flow/reduction_block_0", false);
        out = reductionBlock(layers, out, "entry_flow/reduction_block_1", true);
        for (int block = 0; block < MIDDLE_BLOCKS; block++) {
            out = mainBlock(layers, out, "middle_flow/main_block_" + block);
        }
        out = reductionBlock(layers, out, "exit_flow/reduction_block", true);
        out = layers.relu(layers.separable(out, "exit_flow/separable_conv", 1));

        String features = layers.pooledFeatures(out, "features");
        layers.fullyConnected(features, "fc/age", "age");
        layers.softmax(layers.fullyConnected(features, "fc/gender", "gender_logits"), "gender");
        graph.output("age", 1);
        graph.output("gender", 2);
        graph.output("features", 512);
        FaceApiNetworks.requireAllUsed(layers, "AgeGenderNet");

        Map<String, String> metadata =
                FaceApiNetworks.metadata("age_gender_model", "gender_labels", "male,female");
        return graph.model(
                "tfjs-weights-to-onnx (manual, face-api.js AgeGenderNet)",
                "face-api.js AgeGenderNet (TinyXception) converted from @vladmandic/face-api@1.7.15"
                        + " model/age_gender_model.bin (uint8-quantized tfjs weights, dequantized"
                        + " to float32). Input RGB 0..255 NCHW 112x112; outputs age (years), gender"
                        + " softmax [male, female], features (512-d pooled).",
                metadata);
    }

    /**
     * {@code reductionBlock}: two separable convolutions and a strided max pool, plus a strided 1x1
     * "expansion" convolution of the block's input as the residual.
     */
    private static String reductionBlock(
            FaceApiLayers layers, String x, String prefix, boolean activateInput) {
        String out = activateInput ? layers.relu(x) : x;
        out = layers.separable(out, prefix + "/separable_conv0", 1);
        out = layers.separable(layers.relu(out), prefix + "/separable_conv1", 1);
        out = layers.maxPool3x3Stride2(out);
        return layers.add(out, layers.conv(x, prefix + "/expansion_conv", 2));
    }

    /** {@code mainBlock}: three activated separable convolutions plus the block's input. */
    private static String mainBlock(FaceApiLayers layers, String x, String prefix) {
        String out = layers.separable(layers.relu(x), prefix + "/separable_conv0", 1);
        out = layers.separable(layers.relu(out), prefix + "/separable_conv1", 1);
        out = layers.separable(layers.relu(out), prefix + "/separable_conv2", 1);
        return layers.add(out, x);
    }
}
