package io.headcount.training.train;

import io.headcount.vision.attributes.AgeGroups;
import io.headcount.vision.attributes.FaceCrop;
import io.headcount.vision.attributes.FeatureHead;
import io.headcount.vision.attributes.SexHead;
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
        // Heads on face-api features: FaceRes and a head on it would replace their sex answer.
        String base =
                withoutRoles(defaults(), SexHead.ROLE, FeatureHead.SEX_ROLE, FeatureHead.AGE_ROLE);
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

    /**
     * The default model set with its sex head replaced by a head on FaceRes {@code feats256} at
     * {@code file} (a path, or {@code classpath:NAME}), and its age-group head by {@code age}.
     */
    public static String faceResYaml(String version, String file, String sha256, FaceResHead age) {
        String base = withoutRoles(defaults(), FeatureHead.SEX_ROLE, FeatureHead.AGE_ROLE);
        String yaml =
                base.replaceFirst("(?m)^modelSet: .*$", "modelSet: trained-heads")
                        .replaceFirst(
                                "(?m)^version: \"?([^\"\\n]*)\"?$",
                                "version: \"$1+" + version + "+" + age.version() + "\"");
        return (yaml.endsWith("\n") ? yaml : yaml + "\n")
                + faceResEntry(version, file, sha256)
                + ageEntry(age);
    }

    /**
     * A head file on FaceRes {@code feats256}: its version, file (path or classpath:) and digest.
     */
    public record FaceResHead(String version, String file, String sha256) {}

    /** The manifest entry of the age-group head on FaceRes {@code feats256}. */
    public static String ageEntry(FaceResHead head) {
        return feats256Entry(
                FeatureHead.AGE_ROLE,
                "headcount-age-faceres-feats256",
                head.version(),
                head.file(),
                head.sha256(),
                AgeGroups.LABELS);
    }

    /** The manifest entry of a sex head on FaceRes {@code feats256}. */
    public static String faceResEntry(String version, String file, String sha256) {
        return feats256Entry(
                FeatureHead.SEX_ROLE,
                "headcount-sex-faceres-feats256",
                version,
                file,
                sha256,
                FeatureHead.SEX_LABELS);
    }

    /** A softmax head over FaceRes {@code feats256}, on the crop the job gives FaceRes. */
    private static String feats256Entry(
            String role,
            String name,
            String version,
            String file,
            String sha256,
            java.util.List<String> labels) {
        String normalisation =
                FeatureHead.normalisationFor(
                        "hse-faceres", "feats256", FaceCrop.stretched(224, SexHead.CROP_MARGIN));
        return "  "
                + role
                + ":\n"
                + "    name: "
                + name
                + "\n"
                + "    version: \""
                + version
                + "\"\n"
                + "    file: \""
                + file
                + "\"\n"
                + "    sha256: "
                + sha256
                + "\n"
                + "    backbone: "
                + SexHead.ROLE
                + ".feats256\n"
                + "    input:\n"
                + "      name: feats256\n"
                + "      shape: [-1, 256]\n"
                + "      layout: NC\n"
                + "      channels: features\n"
                + "      normalisation: \""
                + normalisation
                + "\"\n"
                + "    outputs:\n"
                + "      "
                + FeatureHead.OUTPUT
                + ": {shape: [-1, "
                + labels.size()
                + "], decoding: softmax, labels: ["
                + String.join(", ", labels)
                + "]}\n";
    }

    /** The manifest text without the entries of {@code roles} (and the comments above them). */
    static String withoutRoles(String yaml, String... roles) {
        StringBuilder out = new StringBuilder();
        boolean skipping = false;
        for (String line : yaml.split("\n", -1)) {
            if (line.matches("  \\S[^:]*:\\s*")) {
                String role = line.trim().substring(0, line.trim().length() - 1);
                skipping = java.util.Arrays.asList(roles).contains(role);
            } else if (!line.startsWith("  ") && !line.isBlank()) {
                skipping = false;
            }
            if (!skipping) {
                out.append(line).append('\n');
            }
        }
        return out.substring(0, out.length() - 1);
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
