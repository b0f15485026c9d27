package io.headcount.testkit;

import io.headcount.core.Assets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The third-party models and face data a test needs ({@code shared/models}, {@code shared/data} or
 * wherever the settings point, see {@link Assets}). They are not in the repository, so a missing
 * file skips the test on a developer's machine, but fails it in CI (environment {@code CI=true}),
 * where a skipped test would silently hide a broken setup.
 */
public final class SharedAssets {

    /** The environment variable that CI services set to {@code true}. */
    public static final String CI_VARIABLE = "CI";

    private static final SharedAssets FROM_ENVIRONMENT =
            new SharedAssets(Assets.fromEnvironment(), System::getenv);

    private final Assets assets;
    private final Function<String, String> environment;

    private SharedAssets(Assets assets, Function<String, String> environment) {
        this.assets = assets;
        this.environment = environment;
    }

    /**
     * Shared assets found through {@code assets}, deciding skip-or-fail through {@code environment}
     * (a lookup like {@link System#getenv(String)}); for tests of this behaviour.
     */
    public static SharedAssets using(Assets assets, Function<String, String> environment) {
        return new SharedAssets(
                Objects.requireNonNull(assets, "assets"),
                Objects.requireNonNull(environment, "environment"));
    }

    /**
     * A model file, e.g. {@code det_yunet_n_dynamic.onnx}; skips (or in CI fails) the test if
     * missing.
     */
    public static Path model(String fileName) {
        return FROM_ENVIRONMENT.requireModel(fileName);
    }

    /**
     * A file or folder under the data folder, e.g. {@code
     * faces-sex/utkface_crop_part1/manifest.csv}; skips (or in CI fails) the test if missing.
     */
    public static Path data(String relativePath) {
        return FROM_ENVIRONMENT.requireData(relativePath);
    }

    /** See {@link #model(String)}. */
    public Path requireModel(String fileName) {
        return require(assets.models().resolve(fileName), Assets.Kind.MODELS);
    }

    /** See {@link #data(String)}. */
    public Path requireData(String relativePath) {
        return require(assets.data().resolve(relativePath), Assets.Kind.DATA);
    }

    /** True when this run must not skip tests for missing assets. */
    public boolean runsInCi() {
        return "true".equalsIgnoreCase(environment.apply(CI_VARIABLE));
    }

    private Path require(Path path, Assets.Kind kind) {
        Path normalized = path.toAbsolutePath().normalize();
        if (Files.exists(normalized)) {
            return normalized;
        }
        String problem = "Missing " + normalized + ", looked for in the " + assets.describe(kind);
        if (runsInCi()) {
            return Assertions.fail(
                    problem
                            + ". CI=true, so a missing asset fails the test instead of skipping it.");
        }
        return Assumptions.abort(problem + ". Test skipped; it runs once the file is there.");
    }
}
