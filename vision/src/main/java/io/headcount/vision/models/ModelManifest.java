package io.headcount.vision.models;

import io.headcount.vision.onnx.ModelLoadException;
import io.headcount.vision.onnx.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The model set: every model the job may use, declared in a YAML resource (default {@value
 * #DEFAULT_RESOURCE}) with name, version, file, SHA-256 and tensor contract. The set's name and
 * version ({@link #modelSet()}) go into every output record, so numbers made by different model
 * sets are never mixed unnoticed.
 *
 * @param name model set name, e.g. {@code default}
 * @param version model set version, e.g. {@code 2026.11}
 * @param models role to model
 */
public record ModelManifest(String name, String version, Map<String, ModelEntry> models)
        implements Serializable {

    /** The manifest shipped with the job. */
    public static final String DEFAULT_RESOURCE = "models/default.yaml";

    /** A manifest with this name in a model folder takes precedence over the shipped one. */
    public static final String FOLDER_MANIFEST = "manifest.yaml";

    public ModelManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        models = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(models));
    }

    /** e.g. {@code default-2026.12}: what {@code FaceObservation.modelSet} carries. */
    public String modelSet() {
        return name + "-" + version;
    }

    /** The model of a role, failing with the known roles when the manifest has none. */
    public ModelEntry model(String role) {
        ModelEntry entry = models.get(role);
        if (entry == null) {
            throw new ModelLoadException(
                    "model set "
                            + modelSet()
                            + " declares no model for "
                            + role
                            + "; it has "
                            + models.keySet());
        }
        return entry;
    }

    /** Role to {@code name@version} of the given roles, sorted by role. */
    public Map<String, String> versions(List<String> roles) {
        Map<String, String> versions = new TreeMap<>();
        roles.forEach(role -> versions.put(role, model(role).spec().version()));
        return versions;
    }

    /** The shipped default manifest. */
    public static ModelManifest defaults() {
        return fromResource(DEFAULT_RESOURCE);
    }

    /**
     * The manifest named by the {@code models.manifest} option: a file path, {@code
     * classpath:NAME}, or empty for {@value #FOLDER_MANIFEST} in the model folder if there is one,
     * else the default.
     */
    public static ModelManifest locate(String location, Path modelDirectory) {
        if (location == null || location.isBlank()) {
            Path inFolder = modelDirectory.resolve(FOLDER_MANIFEST);
            return Files.isRegularFile(inFolder) ? fromFile(inFolder) : defaults();
        }
        if (location.startsWith("classpath:")) {
            return fromResource(location.substring("classpath:".length()));
        }
        return fromFile(Path.of(location));
    }

    public static ModelManifest fromResource(String resource) {
        try (InputStream in = ModelManifest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ModelLoadException("model manifest resource " + resource + " not found");
            }
            return parse(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ModelManifest fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model manifest " + file, e);
        }
    }

    static ModelManifest parse(InputStream in, String origin) {
        Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        try {
            Map<?, ?> root = map(document, "the document");
            Map<String, ModelEntry> models = new LinkedHashMap<>();
            map(root.get("models"), "models")
                    .forEach(
                            (role, model) ->
                                    models.put(
                                            role.toString(),
                                            entry(role.toString(), map(model, "models." + role))));
            return new ModelManifest(text(root, "modelSet"), text(root, "version"), models);
        } catch (RuntimeException e) {
            throw new ModelLoadException(
                    "model manifest " + origin + " is invalid: " + e.getMessage(), e);
        }
    }

    private static ModelEntry entry(String role, Map<?, ?> model) {
        Map<?, ?> input = map(model.get("input"), role + ".input");
        String inputName = text(input, "name");
        Map<String, List<Long>> shapes = new LinkedHashMap<>();
        shapes.put(inputName, shape(input.get("shape"), role + ".input.shape"));
        Map<String, ModelEntry.Output> outputs = new LinkedHashMap<>();
        map(model.get("outputs"), role + ".outputs")
                .forEach(
                        (name, value) -> {
                            Map<?, ?> output = map(value, role + ".outputs." + name);
                            shapes.put(
                                    name.toString(),
                                    shape(
                                            output.get("shape"),
                                            role + ".outputs." + name + ".shape"));
                            List<String> labels = new ArrayList<>();
                            if (output.get("labels") instanceof List<?> list) {
                                list.forEach(label -> labels.add(label.toString()));
                            }
                            outputs.put(
                                    name.toString(),
                                    new ModelEntry.Output(text(output, "decoding"), labels));
                        });
        ModelSpec spec =
                new ModelSpec(
                        text(model, "name"),
                        text(model, "version"),
                        text(model, "file"),
                        text(model, "sha256"),
                        List.of(inputName),
                        List.copyOf(outputs.keySet()),
                        shapes);
        return new ModelEntry(
                role,
                spec,
                new ModelEntry.Input(
                        inputName,
                        shapes.get(inputName),
                        text(input, "layout"),
                        text(input, "channels"),
                        text(input, "normalisation")),
                outputs,
                model.get("backbone") == null ? null : model.get("backbone").toString());
    }

    private static Map<?, ?> map(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException(where + " must be a mapping, is " + value);
    }

    private static String text(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("missing " + key + " in " + map.keySet());
        }
        return value.toString();
    }

    private static List<Long> shape(Object value, String where) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException(where + " must be a list of sizes, is " + value);
        }
        List<Long> shape = new ArrayList<>();
        for (Object size : list) {
            shape.add(((Number) size).longValue());
        }
        return shape;
    }
}
