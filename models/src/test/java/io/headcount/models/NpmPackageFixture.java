package io.headcount.models;

import io.headcount.models.npm.NpmClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The pinned npm package tarballs for tests, each fetched once per test JVM with the npm client. A
 * developer machine without npm or without registry access skips these tests with the reason; in CI
 * ({@code CI=true}, where the registries are reachable) that fails them instead, as the test kit's
 * SharedAssets does for missing models.
 */
final class NpmPackageFixture {

    /** Set to a local copy of a package's tarball to run the tests offline, by package id. */
    static final Map<String, String> TARBALL_VARIABLES =
            Map.of(
                    ModelCatalog.FACE_API, "HEADCOUNT_FACE_API_TARBALL",
                    ModelCatalog.HUMAN_MODELS, "HEADCOUNT_HUMAN_MODELS_TARBALL",
                    ModelCatalog.HUMAN, "HEADCOUNT_HUMAN_TARBALL");

    private static final Map<String, Path> TARBALLS = new HashMap<>();
    private static final Map<String, RuntimeException> FAILURES = new HashMap<>();

    private NpmPackageFixture() {}

    /** The face-api package ({@link ModelCatalog#FACE_API}). */
    static Path faceApi() {
        return tarball(ModelCatalog.FACE_API);
    }

    /** The tarball of the catalog's package {@code id}. */
    static synchronized Path tarball(String id) {
        String variable = TARBALL_VARIABLES.get(id);
        if (!TARBALLS.containsKey(id) && !FAILURES.containsKey(id)) {
            String local = System.getenv(variable);
            try {
                if (local != null && !local.isBlank()) {
                    TARBALLS.put(id, Path.of(local));
                } else {
                    Path folder = Files.createTempDirectory("npm-package");
                    folder.toFile().deleteOnExit();
                    Path tarball =
                            new NpmClient()
                                    .pack(ModelCatalog.shipped().npmPackage(id).spec(), folder);
                    tarball.toFile().deleteOnExit();
                    TARBALLS.put(id, tarball);
                }
            } catch (NpmClient.NpmUnavailableException e) {
                FAILURES.put(id, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        RuntimeException failure = FAILURES.get(id);
        if (failure != null) {
            String problem =
                    "The npm package "
                            + ModelCatalog.shipped().npmPackage(id).spec()
                            + " could not be fetched: "
                            + failure.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                return Assertions.fail(problem + ". CI=true, so this fails instead of skipping.");
            }
            return Assumptions.abort(
                    problem + ". Test skipped; set " + variable + " to run it offline.");
        }
        return TARBALLS.get(id);
    }
}
