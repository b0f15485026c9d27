package io.headcount.training.train;

import io.headcount.vision.attributes.FeatureHead;
import io.headcount.vision.models.ModelManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The model set manifest that declares trained heads: the shipped default manifest with its own
 * name, plus one entry per head (absolute file path, SHA-256, the features contract). The job uses
 * it with {@code models.manifest=PATH}; the sex-age head then runs the heads on its features.
 */
public final class TrainedModelSet {

    /** One head entry. */
    public record Head(
            String role,
            String name,
            String version,
            Path file,
            String sha256,
            List<String> labels,
            boolean views) {}

    private TrainedModelSet() {}

    public static String yaml(float cropScale, Head... heads) {
        String base = defaults();
        StringBuilder versions = new StringBuilder();
        for (Head head : heads) {
            versions.append(versions.isEmpty() ? "" : "+").append(head.version());
        }
        String yaml =
                base.replaceFirst("(?m)^modelSet: .*$", "modelSet: trained-heads")
                        .replaceFirst(
                                "(?m)^version: \"?([^\"\\n]*)\"?$",
                                "version: \"$1+" + versions + "\"");
        StringBuilder out = new StringBuilder(yaml);
        if (!yaml.endsWith("\n")) {
            out.append('\n');
        }
        for (Head head : heads) {
            out.append("  ").append(head.role()).append(":\n");
            out.append("    name: ").append(head.name()).append('\n');
            out.append("    version: \"").append(head.version()).append("\"\n");
            out.append("    file: \"").append(head.file().toAbsolutePath()).append("\"\n");
            out.append("    sha256: ").append(head.sha256()).append('\n');
            out.append("    input:\n");
            out.append("      name: ").append(FeatureHead.INPUT).append('\n');
            out.append("      shape: [-1, ").append(FeatureHead.FEATURES).append("]\n");
            out.append("      layout: NC\n");
            out.append("      channels: features\n");
            out.append("      normalisation: \"")
                    .append(FeatureHead.normalisationFor(cropScale, head.views()))
                    .append("\"\n");
            out.append("    outputs:\n");
            out.append("      ")
                    .append(FeatureHead.OUTPUT)
                    .append(": {shape: [-1, 2], decoding: softmax, labels: [")
                    .append(String.join(", ", head.labels()))
                    .append("]}\n");
        }
        return out.toString();
    }

    private static String defaults() {
        try (InputStream in =
                ModelManifest.class
                        .getClassLoader()
                        .getResourceAsStream(ModelManifest.DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + ModelManifest.DEFAULT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
