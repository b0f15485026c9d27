package io.headcount.training.train;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes a {@link LinearModel} as an ONNX model with Tribuo's ONNX graph builder: {@code features
 * [N,d]} → Gemm with a [2,d] weight matrix whose first row is zero (the first label's logit is 0) →
 * Softmax → {@code probabilities [N,2]}, which is the sigmoid of the linear score in column 1. The
 * model's version, labels and the data it was trained on travel in the model's metadata.
 */
public final class OnnxHeadWriter {

    /** ONNX IR version 8 (ONNX 1.10+), read by every ONNX Runtime the project uses. */
    static final long IR_VERSION = 8;

    public static final String INPUT = "features";
    public static final String OUTPUT = "probabilities";

    private OnnxHeadWriter() {}

    /** The model as ONNX protobuf bytes, a head on face-api's {@value #INPUT}. */
    public static byte[] bytes(
            LinearModel model, String name, List<String> labels, Map<String, String> metadata) {
        return bytes(model, name, INPUT, "face-api age/sex features", labels, metadata);
    }

    /**
     * The model as ONNX protobuf bytes, a head whose input is named {@code input} (the backbone
     * output it reads) described as {@code features}.
     */
    public static byte[] bytes(
            LinearModel model,
            String name,
            String input,
            String features,
            List<String> labels,
            Map<String, String> metadata) {
        int d = model.weights().length;
        ONNXContext context = new ONNXContext();
        context.setName(name);
        ONNXPlaceholder placeholder = context.floatInput(input, d);
        ONNXPlaceholder output = context.floatOutput(OUTPUT, 2);
        ONNXInitializer weights =
                context.floatTensor(
                        name + "_weights",
                        List.of(2, d),
                        buffer -> {
                            for (int i = 0; i < d; i++) {
                                buffer.put(0f);
                            }
                            for (double w : model.weights()) {
                                buffer.put((float) w);
                            }
                        });
        ONNXInitializer bias =
                context.array(name + "_bias", new float[] {0f, (float) model.bias()});
        List<ONNXRef<?>> gemmInputs = List.of(placeholder, weights, bias);
        context.operation(ONNXOperators.GEMM, gemmInputs, "logits", Map.of("transB", 1))
                .apply(ONNXOperators.SOFTMAX, Map.of("axis", 1))
                .assignTo(output);
        return proto(context, features, labels, metadata);
    }

    /**
     * A head with several labels ({@link SoftmaxModel}) as ONNX protobuf bytes: {@code input [N,d]}
     * → Gemm with a [labels,d] weight matrix → Softmax → {@code probabilities [N,labels]}.
     */
    public static byte[] bytes(
            SoftmaxModel model,
            String name,
            String input,
            String features,
            List<String> labels,
            Map<String, String> metadata) {
        int k = model.bias().length;
        int d = model.weights()[0].length;
        if (k != labels.size()) {
            throw new IllegalArgumentException(k + " outputs for " + labels.size() + " labels");
        }
        ONNXContext context = new ONNXContext();
        context.setName(name);
        ONNXPlaceholder placeholder = context.floatInput(input, d);
        ONNXPlaceholder output = context.floatOutput(OUTPUT, k);
        ONNXInitializer weights =
                context.floatTensor(
                        name + "_weights",
                        List.of(k, d),
                        buffer -> {
                            for (double[] row : model.weights()) {
                                for (double w : row) {
                                    buffer.put((float) w);
                                }
                            }
                        });
        float[] biases = new float[k];
        for (int i = 0; i < k; i++) {
            biases[i] = (float) model.bias()[i];
        }
        ONNXInitializer bias = context.array(name + "_bias", biases);
        context.operation(
                        ONNXOperators.GEMM,
                        List.of(placeholder, weights, bias),
                        "logits",
                        Map.of("transB", 1))
                .apply(ONNXOperators.SOFTMAX, Map.of("axis", 1))
                .assignTo(output);
        return proto(context, features, labels, metadata);
    }

    private static byte[] proto(
            ONNXContext context,
            String features,
            List<String> labels,
            Map<String, String> metadata) {
        OnnxMl.ModelProto.Builder proto =
                OnnxMl.ModelProto.newBuilder()
                        .setGraph(context.buildGraph())
                        .setIrVersion(IR_VERSION)
                        .setProducerName("headcount train-head")
                        .setDomain("io.headcount")
                        .setDocString(
                                "Linear head on "
                                        + features
                                        + "; labels "
                                        + String.join(",", labels))
                        .addOpsetImport(
                                OnnxMl.OperatorSetIdProto.newBuilder()
                                        .setDomain("")
                                        .setVersion(ONNXOperators.getOpsetVersion())
                                        .build());
        metadata.forEach(
                (key, value) ->
                        proto.addMetadataProps(
                                OnnxMl.StringStringEntryProto.newBuilder()
                                        .setKey(key)
                                        .setValue(value)
                                        .build()));
        return proto.build().toByteArray();
    }

    public static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, bytes);
    }
}
