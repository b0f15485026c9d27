package io.headcount.models.tfjs;

import static io.headcount.models.tfjs.OnnxGraph.attributes;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A tfjs graph model ({@code model.json} + weight shards, NHWC) to an ONNX graph (NCHW), node by
 * node in the file's order, for the op types of MobileNet-like networks: {@code Conv2D}, {@code
 * DepthwiseConv2dNative}, element-wise {@code Add}/{@code Sub}/{@code Mul}/{@code Minimum}/{@code
 * Maximum} with a constant, {@code Relu}, {@code Sigmoid}, {@code Softmax}, {@code Mean} and {@code
 * _FusedMatMul} (BiasAdd [+ Relu]). Any other op fails the conversion by name.
 *
 * <p>Names follow the reference conversion the pinned files came from: each ONNX tensor is named
 * after its tfjs node; a convolution's filter is {@code <node>/W}, a fully connected layer's
 * weights and bias {@code <node>/W} and {@code <node>/b}, the constant operand of an element-wise
 * op {@code <node>/c}; the named outputs are {@code Identity} nodes at the end.
 */
public final class TfjsGraphConverter {

    /**
     * What the graph model alone does not say: the ONNX input and outputs, and preprocessing baked
     * in front of the first layer.
     *
     * @param graphName the ONNX graph's name
     * @param producer the model's producer name
     * @param input the ONNX input's name
     * @param inputShape its shape without the batch, NCHW ({@code [C, H, W]})
     * @param preprocessing applied to the input before the graph model's placeholder
     * @param outputs the graph model's tensors to expose, in output order
     */
    public record Spec(
            String graphName,
            String producer,
            String input,
            long[] inputShape,
            Preprocessing preprocessing,
            List<Output> outputs) {
        public Spec {
            outputs = List.copyOf(outputs);
        }
    }

    /**
     * Reorders the input's channels, then subtracts a mean per channel (after reordering), as
     * Caffe-trained networks expect: e.g. RGB 0..255 in, BGR minus the ImageNet means out.
     *
     * @param channelOrder the source channel of each output channel ({@code [2, 1, 0]}: RGB↔BGR)
     * @param mean the value subtracted from each output channel
     */
    public record Preprocessing(long[] channelOrder, float[] mean) {}

    /**
     * One ONNX output.
     *
     * @param tensor the tfjs node whose value it is
     * @param name the ONNX output's name
     * @param size its size per batch item (the outputs are {@code [N, size]})
     */
    public record Output(String tensor, String name, long size) {}

    private static final String SAME_UPPER = "SAME_UPPER";

    private final OnnxGraph graph;
    private final TfjsWeights weights;
    private final Set<String> constants = new HashSet<>();
    private final Set<String> usedConstants = new HashSet<>();

    /** The ONNX tensor of each tfjs node's value, and its rank. */
    private final Map<String, String> tensors = new HashMap<>();

    private final Map<String, Integer> ranks = new HashMap<>();

    private TfjsGraphConverter(OnnxGraph graph, TfjsWeights weights) {
        this.graph = graph;
        this.weights = weights;
    }

    /**
     * Converts a graph model.
     *
     * @param modelJson the {@code model.json} contents
     * @param shards the contents of each weights file its manifest names (paths relative to it)
     */
    public static ModelProto convert(byte[] modelJson, Function<String, byte[]> shards, Spec spec) {
        JsonNode model;
        try {
            model = new ObjectMapper().readTree(new String(modelJson, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("the tfjs graph model is not JSON", e);
        }
        if (!"graph-model".equals(model.path("format").asText())) {
            throw new IllegalArgumentException(
                    "not a tfjs graph model (format " + model.path("format") + ")");
        }
        TfjsWeights weights = TfjsWeights.parse(model.get("weightsManifest"), shards);
        OnnxGraph graph = new OnnxGraph(spec.graphName());
        TfjsGraphConverter converter = new TfjsGraphConverter(graph, weights);
        String input = graph.input(spec.input(), spec.inputShape());
        converter.convertNodes(
                model.path("modelTopology").path("node"),
                preprocess(graph, input, spec.preprocessing()));
        for (Output output : spec.outputs()) {
            graph.namedNode(output.name(), "Identity", Map.of(), converter.tensor(output.tensor()));
            graph.output(output.name(), output.size());
        }
        converter.requireAllWeightsUsed();
        return graph.model(spec.producer(), "", Map.of());
    }

    private static String preprocess(OnnxGraph graph, String input, Preprocessing preprocessing) {
        long channels = preprocessing.channelOrder().length;
        graph.initializer("pre_idx", new long[] {channels}, preprocessing.channelOrder());
        graph.initializer("pre_mean", new long[] {channels, 1, 1}, preprocessing.mean());
        String reordered =
                graph.namedNode("pre_bgr", "Gather", attributes("axis", 1), input, "pre_idx");
        return graph.namedNode("pre_out", "Sub", Map.of(), reordered, "pre_mean");
    }

    private void convertNodes(JsonNode nodes, String preprocessed) {
        for (JsonNode node : nodes) {
            String name = node.get("name").asText();
            String op = node.get("op").asText();
            switch (op) {
                case "Const" -> constants.add(name);
                case "Placeholder" -> define(name, preprocessed, 4);
                case "Conv2D" -> convolution(node, name, false);
                case "DepthwiseConv2dNative" -> convolution(node, name, true);
                case "Add" -> elementWise(node, name, "Add");
                case "Sub" -> elementWise(node, name, "Sub");
                case "Mul" -> elementWise(node, name, "Mul");
                case "Minimum" -> elementWise(node, name, "Min");
                case "Maximum" -> elementWise(node, name, "Max");
                case "Relu", "Sigmoid" -> unary(node, name, op, Map.of());
                case "Softmax" -> softmax(node, name);
                case "Mean" -> mean(node, name);
                case "_FusedMatMul" -> fusedMatMul(node, name);
                default ->
                        throw new IllegalArgumentException(
                                "tfjs op " + op + " (node " + name + ") is not supported");
            }
        }
    }

    /** {@code Conv2D} / {@code DepthwiseConv2dNative}, NHWC, filter {@code [kh, kw, in, out]}. */
    private void convolution(JsonNode node, String name, boolean depthwise) {
        requireNhwc(node, name);
        long[] strides = ints(node, "strides");
        long[] dilations = ints(node, "dilations");
        if (strides.length != 4 || strides[1] != strides[2] || strides[0] != 1) {
            throw new IllegalArgumentException(name + ": unsupported strides");
        }
        for (long dilation : dilations) {
            if (dilation != 1) {
                throw new IllegalArgumentException(name + ": dilated convolutions unsupported");
            }
        }
        String padding = string(node, "padding");
        TfjsWeights.Tensor filter = constant(input(node, 1));
        int[] s = filter.shape();
        if (depthwise && s[3] != 1) {
            throw new IllegalArgumentException(name + ": depthwise multiplier must be 1");
        }
        // Depthwise [kh, kw, C, 1] transposes to [1, C, kh, kw], the same memory order as the
        // grouped convolution's [C, 1, kh, kw].
        long[] dims =
                depthwise
                        ? new long[] {s[2], s[3], s[0], s[1]}
                        : new long[] {s[3], s[2], s[0], s[1]};
        String w = graph.initializer(name + "/W", dims, TfjsWeights.hwioToOihw(filter.values(), s));
        Map<String, Object> attributes = new HashMap<>();
        switch (padding) {
            case "SAME" -> attributes.put("auto_pad", SAME_UPPER);
            case "VALID" -> attributes.put("auto_pad", "VALID");
            default -> throw new IllegalArgumentException(name + ": padding " + padding);
        }
        if (depthwise) {
            attributes.put("group", s[2]);
        }
        attributes.put("kernel_shape", new long[] {s[0], s[1]});
        attributes.put("strides", new long[] {strides[1], strides[2]});
        define(name, graph.namedNode(name, "Conv", attributes, tensor(input(node, 0)), w), 4);
    }

    /** A binary op of a tensor and a constant; a per-channel constant becomes {@code [C, 1, 1]}. */
    private void elementWise(JsonNode node, String name, String onnxOp) {
        String[] operands = new String[2];
        int rank = 0;
        for (int i = 0; i < 2; i++) {
            String input = input(node, i);
            if (constants.contains(input)) {
                operands[i] = null;
            } else {
                operands[i] = tensor(input);
                rank = Math.max(rank, ranks.get(input));
            }
        }
        for (int i = 0; i < 2; i++) {
            if (operands[i] == null) {
                TfjsWeights.Tensor value = constant(input(node, i));
                operands[i] =
                        graph.initializer(name + "/c", broadcast(value, rank), value.values());
            }
        }
        define(name, graph.namedNode(name, onnxOp, Map.of(), operands), rank);
    }

    private void unary(JsonNode node, String name, String onnxOp, Map<String, Object> attrs) {
        String input = input(node, 0);
        define(name, graph.namedNode(name, onnxOp, attrs, tensor(input)), ranks.get(input));
    }

    /** tfjs softmax runs over the last axis; only 2-D tensors keep that axis as axis 1. */
    private void softmax(JsonNode node, String name) {
        if (ranks.get(input(node, 0)) != 2) {
            throw new IllegalArgumentException(name + ": softmax of a 4-D tensor unsupported");
        }
        unary(node, name, "Softmax", attributes("axis", 1));
    }

    /** {@code Mean} over NHWC axes, as {@code ReduceMean} over the matching NCHW axes. */
    private void mean(JsonNode node, String name) {
        String input = input(node, 0);
        int rank = ranks.get(input);
        float[] nhwcAxes = constant(input(node, 1)).values();
        long[] axes = new long[nhwcAxes.length];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = rank == 4 ? NHWC_TO_NCHW[(int) nhwcAxes[i]] : (long) nhwcAxes[i];
        }
        Arrays.sort(axes);
        boolean keepDims = node.path("attr").path("keep_dims").path("b").asBoolean(false);
        define(
                name,
                graph.namedNode(
                        name,
                        "ReduceMean",
                        attributes("axes", axes, "keepdims", keepDims ? 1 : 0),
                        tensor(input)),
                keepDims ? rank : rank - axes.length);
    }

    private static final long[] NHWC_TO_NCHW = {0, 2, 3, 1};

    /** {@code _FusedMatMul} with {@code BiasAdd} and an optional {@code Relu}: {@code Gemm}. */
    private void fusedMatMul(JsonNode node, String name) {
        JsonNode attr = node.path("attr");
        if (attr.path("transpose_a").path("b").asBoolean(false)
                || attr.path("transpose_b").path("b").asBoolean(false)) {
            throw new IllegalArgumentException(name + ": transposed matmul unsupported");
        }
        List<String> fused = new ArrayList<>();
        for (JsonNode op : attr.path("fused_ops").path("list").path("s")) {
            fused.add(new String(Base64.getDecoder().decode(op.asText()), StandardCharsets.UTF_8));
        }
        boolean relu = fused.equals(List.of("BiasAdd", "Relu"));
        if (!relu && !fused.equals(List.of("BiasAdd"))) {
            throw new IllegalArgumentException(name + ": fused ops " + fused + " unsupported");
        }
        TfjsWeights.Tensor kernel = constant(input(node, 1));
        TfjsWeights.Tensor bias = constant(input(node, 2));
        String w =
                graph.initializer(
                        name + "/W",
                        new long[] {kernel.shape()[0], kernel.shape()[1]},
                        kernel.values());
        String b = graph.initializer(name + "/b", new long[] {bias.values().length}, bias.values());
        String x = tensor(input(node, 0));
        String out =
                relu
                        ? graph.namedNode(
                                name,
                                "Relu",
                                Map.of(),
                                graph.namedNode(name + "/gemm", "Gemm", Map.of(), x, w, b))
                        : graph.namedNode(name, "Gemm", Map.of(), x, w, b);
        define(name, out, 2);
    }

    private void define(String tfjsName, String onnxName, int rank) {
        tensors.put(tfjsName, onnxName);
        ranks.put(tfjsName, rank);
    }

    private String tensor(String tfjsName) {
        String onnx = tensors.get(tfjsName);
        if (onnx == null) {
            throw new IllegalArgumentException(
                    "the graph model has no computed tensor " + tfjsName);
        }
        return onnx;
    }

    private TfjsWeights.Tensor constant(String tfjsName) {
        if (!constants.contains(tfjsName)) {
            throw new IllegalArgumentException(tfjsName + " is not a constant of the graph model");
        }
        usedConstants.add(tfjsName);
        return weights.get(tfjsName);
    }

    private void requireAllWeightsUsed() {
        Set<String> unused = new HashSet<>(weights.names());
        unused.removeAll(usedConstants);
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(
                    "the graph model has weights no node uses: " + unused);
        }
    }

    /**
     * The ONNX shape of a constant operand: a scalar as {@code [1]}, a per-channel vector of a 4-D
     * NCHW tensor as {@code [C, 1, 1]}, otherwise as it is.
     */
    private static long[] broadcast(TfjsWeights.Tensor value, int rank) {
        int[] shape = value.shape();
        if (shape.length == 0) {
            return new long[] {1};
        }
        if (shape.length == 1 && rank == 4) {
            return new long[] {shape[0], 1, 1};
        }
        if (rank == 4) {
            throw new IllegalArgumentException(
                    value.name() + ": only scalar or per-channel constants of 4-D tensors");
        }
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[i];
        }
        return dims;
    }

    private static String input(JsonNode node, int index) {
        JsonNode inputs = node.path("input");
        if (inputs.size() <= index) {
            throw new IllegalArgumentException(
                    node.get("name").asText() + " has no input " + index);
        }
        // "name:0" and "name" both refer to a node's first output.
        String input = inputs.get(index).asText();
        return input.endsWith(":0") ? input.substring(0, input.length() - 2) : input;
    }

    private static void requireNhwc(JsonNode node, String name) {
        JsonNode format = node.path("attr").path("data_format").path("s");
        if (!format.isMissingNode() && !"NHWC".equals(decode(format))) {
            throw new IllegalArgumentException(name + ": only NHWC data is supported");
        }
    }

    private static String string(JsonNode node, String attribute) {
        return decode(node.path("attr").path(attribute).path("s"));
    }

    private static String decode(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
    }

    private static long[] ints(JsonNode node, String attribute) {
        JsonNode list = node.path("attr").path(attribute).path("list").path("i");
        long[] values = new long[list.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = list.get(i).asLong();
        }
        return values;
    }
}
