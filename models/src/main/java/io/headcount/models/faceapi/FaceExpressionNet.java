package io.headcount.models.faceapi;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.headcount.models.tfjs.OnnxGraph;
import io.headcount.models.tfjs.TfjsWeights;
import java.util.Map;

/**
 * face-api.js {@code FaceExpressionNet} as ONNX: the {@code FaceFeatureExtractor} (four dense
 * blocks, {@code denseBlock4}), 7x7 average pooling to 256 features and a fully connected layer
 * with softmax over {@code [neutral, happy, sad, angry, fearful, disgusted, surprised]}.
 */
public final class FaceExpressionNet {

    static final int DENSE_BLOCKS = 4;

    private FaceExpressionNet() {}

    public static ModelProto convert(TfjsWeights weights) {
        OnnxGraph graph = new OnnxGraph("faceapi_face_expression");
        FaceApiLayers layers = new FaceApiLayers(graph, weights);
        String out = layers.normalize(graph.input("input", 3, 112, 112));
        for (int block = 0; block < DENSE_BLOCKS; block++) {
            out = denseBlock4(layers, out, "dense" + block, block == 0);
        }
        String features = layers.pooledFeatures(out, "features");
        layers.softmax(layers.fullyConnected(features, "fc", "logits"), "expression");
        graph.output("expression", 7);
        graph.output("features", 256);
        FaceApiNetworks.requireAllUsed(layers, "FaceExpressionNet");

        Map<String, String> metadata =
                FaceApiNetworks.metadata(
                        "face_expression_model",
                        "labels",
                        "neutral,happy,sad,angry,fearful,disgusted,surprised");
        return graph.model(
                "tfjs-weights-to-onnx (manual, face-api.js FaceExpressionNet)",
                "face-api.js FaceExpressionNet converted from @vladmandic/face-api@1.7.15"
                        + " model/face_expression_model.bin (uint8-quantized tfjs weights,"
                        + " dequantized to float32). Input RGB 0..255 NCHW 112x112; output softmax"
                        + " over [neutral, happy, sad, angry, fearful, disgusted, surprised];"
                        + " features 256-d.",
                metadata);
    }

    /**
     * {@code denseBlock4}: a strided first convolution (plain in the first block, separable after),
     * then three separable convolutions, each fed the activated sum of all earlier outputs.
     */
    private static String denseBlock4(
            FaceApiLayers layers, String x, String prefix, boolean firstLayer) {
        String out1 =
                layers.relu(
                        firstLayer
                                ? layers.conv(x, prefix + "/conv0", 2)
                                : layers.separable(x, prefix + "/conv0", 2));
        String out2 = layers.separable(out1, prefix + "/conv1", 1);
        String in3 = layers.relu(layers.add(out1, out2));
        String out3 = layers.separable(in3, prefix + "/conv2", 1);
        String in4 = layers.relu(layers.add(out1, layers.add(out2, out3)));
        String out4 = layers.separable(in4, prefix + "/conv3", 1);
        return layers.relu(layers.add(out1, layers.add(out2, layers.add(out3, out4))));
    }
}
