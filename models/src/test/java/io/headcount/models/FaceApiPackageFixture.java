package io.headcount.models;

import io.headcount.models.npm.NpmClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The pinned face-api npm tarball for tests, fetched once per test JVM with the npm client. A
 * developer machine without npm or without registry access skips these tests with the reason; in CI
 * ({@code CI=true}, where the registries are reachable) that fails them instead, as the test kit's
 * SharedAssets does for missing models.
 */
final class FaceApiPackageFixture {

    /** Set to a local copy of the tarball to run the tests offline. */
    static final String TARBALL_VARIABLE = "HEADCOUNT_FACE_API_TARBALL";

    private static Path tarball;
    private static RuntimeException failure;

    private FaceApiPackageFixture() {}

    static synchronized Path tarball() {
        if (tarball == null && failure == null) {
            String local = System.getenv(TARBALL_VARIABLE);
            try {
                if (local != null && !local.isBlank()) {
                    tarball = Path.of(local);
                } else {
                    Path folder = Files.createTempDirectory("face-api-package");
                    folder.toFile().deleteOnExit();
                    tarball =
                            new NpmClient()
                                    .pack(ModelCatalog.shipped().faceApiPackage().spec(), folder);
                    tarball.toFile().deleteOnExit();
                }
            } catch (NpmClient.NpmUnavailableException e) {
                failure = e;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (failure != null) {
            String problem =
                    "The face-api npm package could not be fetched: " + failure.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                return Assertions.fail(problem + ". CI=true, so this fails instead of skipping.");
            }
            return Assumptions.abort(
                    problem + ". Test skipped; set " + TARBALL_VARIABLE + " to run it offline.");
        }
        return tarball;
    }
}
