package io.headcount.models.npm;

import io.headcount.models.download.ModelProvisioningException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fetches a package tarball with the machine's own npm client ({@code npm pack}), so the registry,
 * proxy and credentials configured for npm apply and this project names no registry.
 */
public final class NpmClient {

    private static final long TIMEOUT_MINUTES = 10;

    private final String executable;

    public NpmClient() {
        this("npm");
    }

    public NpmClient(String executable) {
        this.executable = executable;
    }

    /** Thrown when the npm client is not installed or cannot reach its registry. */
    public static final class NpmUnavailableException extends ModelProvisioningException {
        NpmUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Runs {@code npm pack SPEC --pack-destination DIR} and returns the tarball it wrote.
     *
     * @throws NpmUnavailableException if npm is missing or fails (e.g. the registry is
     *     unreachable), with npm's own error lines
     */
    public Path pack(String spec, Path destination) {
        try {
            Files.createDirectories(destination);
            Path log = Files.createTempFile("npm-pack", ".log");
            try {
                Process process =
                        new ProcessBuilder(
                                        executable,
                                        "pack",
                                        spec,
                                        "--pack-destination",
                                        destination.toString(),
                                        "--silent",
                                        "--no-fund",
                                        "--no-audit")
                                .redirectErrorStream(true)
                                .redirectOutput(log.toFile())
                                .start();
                process.getOutputStream().close();
                if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new NpmUnavailableException(
                            "npm pack " + spec + " did not finish in " + TIMEOUT_MINUTES + " min",
                            null);
                }
                List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new NpmUnavailableException(
                            "npm pack "
                                    + spec
                                    + " failed (exit "
                                    + process.exitValue()
                                    + "), is the npm registry reachable? npm said: "
                                    + tail(output),
                            null);
                }
                Path tarball = destination.resolve(lastLine(output, spec));
                if (!Files.isRegularFile(tarball)) {
                    throw new NpmUnavailableException(
                            "npm pack "
                                    + spec
                                    + " wrote no "
                                    + tarball
                                    + "; npm said: "
                                    + tail(output),
                            null);
                }
                return tarball;
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new NpmUnavailableException(
                    "cannot run the npm client ("
                            + executable
                            + "): "
                            + e.getMessage()
                            + ". Install Node.js/npm",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NpmUnavailableException("interrupted running npm pack " + spec, e);
        }
    }

    private static String lastLine(List<String> output, String spec) {
        for (int i = output.size() - 1; i >= 0; i--) {
            String line = output.get(i).strip();
            if (line.endsWith(".tgz")) {
                return line;
            }
        }
        throw new NpmUnavailableException(
                "npm pack " + spec + " printed no tarball name: " + tail(output), null);
    }

    private static String tail(List<String> output) {
        List<String> lines = new ArrayList<>(output);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    }
}
