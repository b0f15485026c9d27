package io.headcount.vision.models;

import io.headcount.vision.onnx.ModelLoadException;
import io.headcount.vision.onnx.ModelSpec;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One model of a {@link ModelManifest}: the file contract ({@link #spec()}, checked by ONNX Runtime
 * when the model loads) plus how its input is prepared and its outputs are read, which the code
 * that uses the model checks with {@link #require}.
 *
 * @param role what the model does in the job, e.g. {@code detector}, {@code sex-age}
 * @param spec name, version, file, SHA-256, tensor names and shapes
 * @param input the one input tensor
 * @param outputs per output name: its decoding and labels (empty when it has none)
 * @param backbone for a head on another model's features, {@code role.output} of that model (e.g.
 *     {@code sex.feats256}); null for a model that reads the image
 */
public record ModelEntry(
        String role, ModelSpec spec, Input input, Map<String, Output> outputs, String backbone)
        implements Serializable {

    /**
     * @param name tensor name
     * @param shape declared shape, -1 = any size
     * @param layout e.g. {@code NCHW}
     * @param channels e.g. {@code RGB}, {@code BGR}
     * @param normalisation e.g. {@code 0..255}, {@code (x-127)/128}
     */
    public record Input(
            String name, List<Long> shape, String layout, String channels, String normalisation)
            implements Serializable {

        public Input {
            shape = List.copyOf(shape);
        }

        /** A fixed dimension, e.g. the height of an NCHW input; fails when it is dynamic. */
        public int dimension(int index) {
            long size = shape.get(index);
            if (size <= 0) {
                throw new IllegalStateException(
                        "dimension " + index + " of input " + name + " is not fixed: " + shape);
            }
            return (int) size;
        }
    }

    /**
     * @param decoding how the values are read, e.g. {@code softmax}
     * @param labels class names in tensor order; empty when the output has no classes
     */
    public record Output(String decoding, List<String> labels) implements Serializable {
        public Output {
            labels = List.copyOf(labels);
        }
    }

    public ModelEntry {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(input, "input");
        outputs = Map.copyOf(outputs);
        if (backbone != null && !backbone.matches("[^.\\s]+\\.[^.\\s]+")) {
            throw new IllegalArgumentException(
                    "backbone of " + role + " must be role.output, is " + backbone);
        }
    }

    /** A model that reads the image (no backbone). */
    public ModelEntry(String role, ModelSpec spec, Input input, Map<String, Output> outputs) {
        this(role, spec, input, outputs, null);
    }

    /** The role of the model whose features this head reads, or null. */
    public String backboneRole() {
        return backbone == null ? null : backbone.substring(0, backbone.indexOf('.'));
    }

    /** The name of the backbone output this head reads, or null. */
    public String backboneOutput() {
        return backbone == null ? null : backbone.substring(backbone.indexOf('.') + 1);
    }

    /** The declared shape of an input or output tensor (empty when it declares none). */
    public List<Long> shape(String tensor) {
        return spec.shapes().getOrDefault(tensor, List.of());
    }

    /** The declared labels of an output. */
    public List<String> labels(String output) {
        Output declared = outputs.get(output);
        return declared == null ? List.of() : declared.labels();
    }

    /**
     * Fails with a message naming the model and the difference when the manifest declares {@code
     * actual} where the code implements {@code expected}.
     */
    public void require(String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            throw new ModelLoadException(
                    "model "
                            + role
                            + " ("
                            + spec.version()
                            + ", "
                            + spec.fileName()
                            + "): the manifest declares "
                            + what
                            + " "
                            + actual
                            + " but the "
                            + role
                            + " code implements "
                            + expected);
        }
    }

    /** Checks the input description against what the code feeds. */
    public void requireInput(String layout, String channels, String normalisation) {
        require("input layout", layout, input.layout());
        require("input channels", channels, input.channels());
        require("input normalisation", normalisation, input.normalisation());
    }

    /** Checks an output's decoding and labels against what the code reads. */
    public void requireOutput(String name, String decoding, List<String> labels) {
        Output declared = outputs.get(name);
        require("output", name, declared == null ? null : name);
        require("decoding of output " + name, decoding, declared.decoding());
        if (labels != null) {
            require("labels of output " + name, labels, declared.labels());
        }
    }
}
