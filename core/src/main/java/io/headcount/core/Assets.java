package io.headcount.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the third-party models and face data live. They are never part of the repository: a setting
 * names them, and during development and CI they default to the {@code shared/} folder next to the
 * checkout.
 *
 * <p>Lookup order for each kind: system property ({@code headcount.models} / {@code
 * headcount.data}), environment variable ({@code HEADCOUNT_MODELS} / {@code HEADCOUNT_DATA}), then
 * {@code shared/models} / {@code shared/data} in the nearest ancestor of the project root or
 * working directory.
 */
public final class Assets {

    /** A kind of asset folder and the settings that name it. */
    public enum Kind {
        MODELS("headcount.models", "HEADCOUNT_MODELS", "shared/models"),
        DATA("headcount.data", "HEADCOUNT_DATA", "shared/data");

        private final String property;
        private final String environmentVariable;
        private final String sharedFolder;

        Kind(String property, String environmentVariable, String sharedFolder) {
            this.property = property;
            this.environmentVariable = environmentVariable;
            this.sharedFolder = sharedFolder;
        }

        public String property() {
            return property;
        }

        public String environmentVariable() {
            return environmentVariable;
        }
    }

    /** Set by the build (and bin/headcount) to the repository root, so modules agree on it. */
    public static final String PROJECT_ROOT_VARIABLE = "HEADCOUNT_PROJECT_ROOT";

    private final Function<String, String> properties;
    private final Function<String, String> environment;
    private final Path workingDirectory;

    Assets(
            Function<String, String> properties,
            Function<String, String> environment,
            Path workingDirectory) {
        this.properties = properties;
        this.environment = environment;
        this.workingDirectory = workingDirectory;
    }

    /** Assets located from this JVM's system properties, environment and working directory. */
    public static Assets fromEnvironment() {
        return new Assets(System::getProperty, System::getenv, Path.of("").toAbsolutePath());
    }

    public Path models() {
        return locate(Kind.MODELS);
    }

    public Path data() {
        return locate(Kind.DATA);
    }

    /** A file under the model folder, e.g. {@code det_yunet_n_dynamic.onnx}. */
    public Path model(String fileName) {
        return models().resolve(fileName);
    }

    /**
     * The folder of {@code kind}. The path is returned even if it does not exist, so callers can
     * say which path they looked at; use {@link #find(Kind)} to test for presence.
     */
    public Path locate(Kind kind) {
        return configured(kind).orElseGet(() -> searchShared(kind).orElse(defaultShared(kind)));
    }

    /** The folder of {@code kind}, if it exists. */
    public Optional<Path> find(Kind kind) {
        Path path = locate(kind);
        return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
    }

    /** Says where a kind was looked for and how to point at another place; for error messages. */
    public String describe(Kind kind) {
        return kind.name().toLowerCase()
                + " folder "
                + locate(kind)
                + " (set -D"
                + kind.property
                + "=DIR or "
                + kind.environmentVariable
                + "=DIR to use another)";
    }

    private Optional<Path> configured(Kind kind) {
        String value = properties.apply(kind.property);
        if (value == null || value.isBlank()) {
            value = environment.apply(kind.environmentVariable);
        }
        return value == null || value.isBlank()
                ? Optional.empty()
                : Optional.of(Path.of(value).toAbsolutePath().normalize());
    }

    private Optional<Path> searchShared(Kind kind) {
        for (Path start = startDirectory(); start != null; start = start.getParent()) {
            Path candidate = start.resolve(kind.sharedFolder);
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate.normalize());
            }
        }
        return Optional.empty();
    }

    private Path defaultShared(Kind kind) {
        Path root = startDirectory();
        Path parent = root.getParent() == null ? root : root.getParent();
        return parent.resolve(kind.sharedFolder).normalize();
    }

    private Path startDirectory() {
        String root = environment.apply(PROJECT_ROOT_VARIABLE);
        return (root == null || root.isBlank() ? workingDirectory : Path.of(root))
                .toAbsolutePath()
                .normalize();
    }
}
