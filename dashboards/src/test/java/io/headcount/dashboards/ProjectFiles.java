package io.headcount.dashboards;

import java.nio.file.Files;
import java.nio.file.Path;

/** The deployment files under test, found from the repository root. */
final class ProjectFiles {

    private ProjectFiles() {}

    static Path root() {
        String root = System.getenv("HEADCOUNT_PROJECT_ROOT");
        Path path = root == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(root);
        if (!Files.isRegularFile(path.resolve("docker-compose.yml"))) {
            throw new IllegalStateException("No docker-compose.yml in " + path);
        }
        return path;
    }

    static Path dashboard(String file) {
        return root().resolve("dashboards/grafana/dashboards").resolve(file);
    }

    static Path prometheus(String file) {
        return root().resolve("dashboards/prometheus").resolve(file);
    }

    static Path composeConfig(String file) {
        return root().resolve("deploy/compose").resolve(file);
    }
}
