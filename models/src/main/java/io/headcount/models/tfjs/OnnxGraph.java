package io.headcount.models.tfjs;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds an ONNX graph (the protobuf classes generated from {@code onnx.proto}) in the conventions
 * of the reference conversions the converted files are pinned to: float32 tensors (int64 for
 * indices), batch dimension {@code N}, node outputs named {@code <op>_<n>} unless named explicitly,
 * attributes sorted by name, no node names.
 */
public final class OnnxGraph {

    public static final int IR_VERSION = 7;
    public static final int OPSET = 13;
    public static final String BATCH = "N";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;

    public OnnxGraph(String name) {
        graph.setName(name);
    }

    /** Declares a float input {@code [N, dims...]}. */
    public String input(String name, long... dims) {
        graph.addInput(valueInfo(name, dims));
        return name;
    }

    /** Declares a float output {@code [N, dims...]}. */
    public void output(String name, long... dims) {
        graph.addOutput(valueInfo(name, dims));
    }

    /** Adds a float32 initializer with raw little-endian data. */
    public String initializer(String name, long[] dims, float[] values) {
        ByteBuffer raw =
                ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return initializer(name, dims, TensorProto.DataType.FLOAT, raw);
    }

    /** Adds an int64 initializer (e.g. indices) with raw little-endian data. */
    public String initializer(String name, long[] dims, long[] values) {
        ByteBuffer raw =
                ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return initializer(name, dims, TensorProto.DataType.INT64, raw);
    }

    private String initializer(
            String name, long[] dims, TensorProto.DataType type, ByteBuffer raw) {
        TensorProto.Builder tensor = TensorProto.newBuilder();
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        graph.addInitializer(
                tensor.setDataType(type.getNumber())
                        .setName(name)
                        .setRawData(ByteString.copyFrom(raw.array())));
        return name;
    }

    /** Adds a node whose output gets the next generated name, e.g. {@code conv_12}. */
    public String node(String op, Map<String, Object> attributes, String... inputs) {
        return namedNode(op.toLowerCase() + "_" + ++counter, op, attributes, inputs);
    }

    /** Adds a node with the given output name. */
    public String namedNode(
            String output, String op, Map<String, Object> attributes, String... inputs) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).addOutput(output);
        for (String input : inputs) {
            node.addInput(input);
        }
        attributes.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> node.addAttribute(attribute(entry.getKey(), entry.getValue())));
        graph.addNode(node);
        return output;
    }

    /**
     * The model: IR 7, default domain opset 13.
     *
     * @param doc the model's doc string, or empty for none (the field is then left unset)
     */
    public ModelProto model(String producer, String doc, Map<String, String> metadata) {
        ModelProto.Builder model =
                ModelProto.newBuilder()
                        .setIrVersion(IR_VERSION)
                        .setProducerName(producer)
                        .addOpsetImport(
                                OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        if (!doc.isEmpty()) {
            model.setDocString(doc);
        }
        metadata.forEach(
                (key, value) ->
                        model.addMetadataProps(
                                StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return model.setGraph(graph).build();
    }

    public static Map<String, Object> attributes(Object... keyValues) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            attributes.put((String) keyValues[i], keyValues[i + 1]);
        }
        return attributes;
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name);
        if (value instanceof String text) {
            attribute
                    .setS(ByteString.copyFrom(text, StandardCharsets.UTF_8))
                    .setType(AttributeProto.AttributeType.STRING);
        } else if (value instanceof Integer number) {
            attribute.setI(number).setType(AttributeProto.AttributeType.INT);
        } else if (value instanceof long[] numbers) {
            for (long number : numbers) {
                attribute.addInts(number);
            }
            attribute.setType(AttributeProto.AttributeType.INTS);
        } else {
            throw new IllegalArgumentException(name + ": unsupported attribute value " + value);
        }
        return attribute.build();
    }

    private static ValueInfoProto valueInfo(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (long dim : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(
                        TypeProto.newBuilder()
                                .setTensorType(
                                        TypeProto.Tensor.newBuilder()
                                                .setElemType(TensorProto.DataType.FLOAT.getNumber())
                                                .setShape(shape)))
                .build();
    }
}
