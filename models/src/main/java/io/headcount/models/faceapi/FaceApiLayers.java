package io.headcount.models.faceapi;

import static io.headcount.models.tfjs.OnnxGraph.attributes;

import io.headcount.models.tfjs.OnnxGraph;
import io.headcount.models.tfjs.TfjsWeights;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The face-api.js building blocks (tfjs ops, NHWC) as ONNX nodes (NCHW): convolutions with TF
 * {@code same} padding, depthwise-separable convolutions, pooling, fully connected layers. Each
 * weight becomes an initializer under its tfjs name the first time it is used; {@link
 * #unusedWeights()} finds weights a network definition forgot.
 */
final class FaceApiLayers {

    /** face-api.js subtracts this mean RGB and divides by 255 before the first convolution. */
    static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

    static final String SAME_UPPER = "SAME_UPPER";

    private final OnnxGraph graph;
    private final TfjsWeights weights;
    private final Set<String> used = new HashSet<>();

    FaceApiLayers(OnnxGraph graph, TfjsWeights weights) {
        this.graph = graph;
        this.weights = weights;
    }

    /** {@code (x - meanRgb) / 255} as face-api.js {@code normalize(x, meanRgb).div(255)}. */
    String normalize(String input) {
        graph.initializer("mean_rgb", new long[] {1, 3, 1, 1}, MEAN_RGB);
        graph.initializer("scale_255", new long[] {1}, new float[] {255f});
        String centered = graph.namedNode("x_centered", "Sub", Map.of(), input, "mean_rgb");
        return graph.namedNode("x_norm", "Div", Map.of(), centered, "scale_255");
    }

    /** {@code conv2d(x, filters, stride, 'same') + bias}; filters {@code [kh, kw, in, out]}. */
    String conv(String x, String prefix, int stride) {
        TfjsWeights.Tensor filters = weights.get(prefix + "/filters");
        int[] s = filters.shape();
        String w =
                weight(
                        filters.name(),
                        new long[] {s[3], s[2], s[0], s[1]},
                        TfjsWeights.hwioToOihw(filters.values(), s));
        String b = bias(prefix + "/bias");
        return graph.node("Conv", convAttributes(1, s[0], s[1], stride), x, w, b);
    }

    /**
     * face-api.js {@code depthwiseSeparableConv}: a depthwise 3x3 (no bias) with the stride, then a
     * pointwise 1x1 with bias.
     */
    String separable(String x, String prefix, int stride) {
        TfjsWeights.Tensor depthwise = weights.get(prefix + "/depthwise_filter");
        int[] d = depthwise.shape();
        String dw =
                weight(
                        depthwise.name(),
                        new long[] {d[2], d[3], d[0], d[1]},
                        TfjsWeights.hwioToOihw(depthwise.values(), d));
        String out = graph.node("Conv", convAttributes(d[2], d[0], d[1], stride), x, dw);
        TfjsWeights.Tensor pointwise = weights.get(prefix + "/pointwise_filter");
        int[] p = pointwise.shape();
        String pw =
                weight(
                        pointwise.name(),
                        new long[] {p[3], p[2], p[0], p[1]},
                        TfjsWeights.hwioToOihw(pointwise.values(), p));
        String b = bias(prefix + "/bias");
        return graph.node("Conv", convAttributes(1, p[0], p[1], 1), out, pw, b);
    }

    String relu(String x) {
        return graph.node("Relu", Map.of(), x);
    }

    String add(String a, String b) {
        return graph.node("Add", Map.of(), a, b);
    }

    /** {@code maxPool(x, [3, 3], [2, 2], 'same')}. */
    String maxPool3x3Stride2(String x) {
        return graph.node(
                "MaxPool",
                attributes(
                        "auto_pad",
                        SAME_UPPER,
                        "kernel_shape",
                        new long[] {3, 3},
                        "strides",
                        new long[] {2, 2}),
                x);
    }

    /**
     * {@code avgPool(x, [7, 7], [2, 2], 'valid')} flattened to {@code [N, C]}: the pooled features
     * both networks put before their fully connected layers.
     */
    String pooledFeatures(String x, String output) {
        String pooled =
                graph.namedNode(
                        "pooled4d",
                        "AveragePool",
                        attributes("kernel_shape", new long[] {7, 7}, "strides", new long[] {2, 2}),
                        x);
        return graph.namedNode(output, "Flatten", attributes("axis", 1), pooled);
    }

    /** {@code x · weights + bias}; tfjs keeps fully connected weights as {@code [in, out]}. */
    String fullyConnected(String x, String prefix, String output) {
        TfjsWeights.Tensor w = weights.get(prefix + "/weights");
        String wName = weight(w.name(), new long[] {w.shape()[0], w.shape()[1]}, w.values());
        return graph.namedNode(output, "Gemm", Map.of(), x, wName, bias(prefix + "/bias"));
    }

    String softmax(String x, String output) {
        return graph.namedNode(output, "Softmax", attributes("axis", 1), x);
    }

    /** Weights of the manifest no node used: a network definition that does not match. */
    Set<String> unusedWeights() {
        Set<String> unused = new HashSet<>(weights.names());
        unused.removeAll(used);
        return unused;
    }

    private String bias(String name) {
        TfjsWeights.Tensor bias = weights.get(name);
        return weight(name, new long[] {bias.values().length}, bias.values());
    }

    private String weight(String name, long[] dims, float[] values) {
        if (used.add(name)) {
            graph.initializer(name, dims, values);
        }
        return name;
    }

    private static Map<String, Object> convAttributes(int group, int kh, int kw, int stride) {
        return attributes(
                "auto_pad",
                SAME_UPPER,
                "group",
                group,
                "kernel_shape",
                new long[] {kh, kw},
                "strides",
                new long[] {stride, stride});
    }
}
