package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build step of {@code bin/headcount}: one line while it builds, Maven's log only when the
 * build fails. Runs the real launcher in a copy of the layout it expects, with a stand-in {@code
 * mvnw} (noisy, with colour codes) and a stand-in {@code java} first on the PATH.
 */
class LauncherBuildTest {

    private static final Path LAUNCHER = projectRoot().resolve("bin/headcount");

    @TempDir Path root;

    @Test
    void aSuccessfulBuildPrintsOneLineAndNoMavenOutput() throws Exception {
        layout(0);

        Result result = launch();

        assertThat(result.exitCode).isZero();
        assertThat(result.stderr.lines())
                .containsExactly(
                        "headcount: building the app (first run or changed sources; about a minute)...");
        assertThat(result.stderr).doesNotContain("\u001b");
        assertThat(result.stdout).isEqualTo("java ran\n");
    }

    @Test
    void aFailedBuildPrintsItsLogAndStops() throws Exception {
        layout(1);

        Result result = launch();

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr)
                .contains("headcount: the build failed; its log (")
                .contains("[ERROR] compilation failure in Demo.java");
        assertThat(result.stdout).doesNotContain("java ran");
    }

    /** A project root with the launcher, a stand-in mvnw exiting {@code mvnwExit}, no jar yet. */
    private void layout(int mvnwExit) throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.copy(LAUNCHER, root.resolve("bin/headcount"));
        executable(
                root.resolve("mvnw"),
                "#!/usr/bin/env bash\n"
                        + "printf '\\033[0m\\033[0m[INFO] noise\\n'\n"
                        + (mvnwExit == 0
                                ? "mkdir -p app/target && touch app/target/headcount-app.jar\n"
                                : "echo '[ERROR] compilation failure in Demo.java'\n")
                        + "exit "
                        + mvnwExit
                        + "\n");
        Files.createDirectories(root.resolve("path"));
        executable(root.resolve("path/java"), "#!/usr/bin/env bash\necho 'java ran'\n");
    }

    private Result launch() throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder("bash", root.resolve("bin/headcount").toString());
        builder.environment().remove("HEADCOUNT_NO_BUILD");
        builder.environment()
                .put("PATH", root.resolve("path") + ":" + builder.environment().get("PATH"));
        builder.environment().put("TMPDIR", root.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), stdout, stderr);
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(dir.resolve("bin/headcount"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    private record Result(int exitCode, String stdout, String stderr) {}
}
