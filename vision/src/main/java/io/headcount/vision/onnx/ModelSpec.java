package io.headcount.vision.onnx;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the job expects of a model file: its name and version, its exact bytes (SHA-256), its tensor
 * names and (where declared) their shapes. The contract is checked when the model is loaded, so a
 * wrong or swapped file fails at start-up rather than producing wrong numbers.
 *
 * @param name short model name used in versions, e.g. {@code yunet-n}
 * @param version the model's own version, e.g. an upstream release or commit
 * @param fileName file in the model folder
 * @param sha256 lower-case hex SHA-256 of the file
 * @param inputs names of the model's inputs (all of them)
 * @param outputs names of the outputs the job reads (the model may have more)
 * @param shapes declared shape per input or output name; -1 is a dimension of any size. A name
 *     without an entry is not checked.
 */
public record ModelSpec(
        String name,
        String version,
        String fileName,
        String sha256,
        List<String> inputs,
        List<String> outputs,
        Map<String, List<Long>> shapes)
        implements Serializable {

    /** Hex digits of the checksum that make the version of a model declared without one. */
    public static final int VERSION_DIGEST_LENGTH = 12;

    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fileName, "fileName");
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: " + sha256);
        }
        if (version == null || version.isBlank()) {
            version = sha256.substring(0, VERSION_DIGEST_LENGTH);
        }
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        Map<String, List<Long>> copy = new LinkedHashMap<>();
        shapes.forEach((tensor, shape) -> copy.put(tensor, List.copyOf(shape)));
        shapes = java.util.Collections.unmodifiableMap(copy);
    }

    /** A spec without declared shapes whose version is the checksum prefix. */
    public ModelSpec(
            String name,
            String fileName,
            String sha256,
            List<String> inputs,
            List<String> outputs) {
        this(name, null, fileName, sha256, inputs, outputs, Map.of());
    }

    /** The version written into every observation, e.g. {@code yunet-n@104ee26c71d5}. */
    public String version() {
        return name + "@" + version;
    }

    /** The model's own version without its name. */
    public String modelVersion() {
        return version;
    }
}
