package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code broker} and {@code infer} refuse bad input with a named error before they start. */
class LocalServiceCommandsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir Path work;

    @Test
    void brokerRefusesADataFolderThatIsAFile() throws Exception {
        Path file = Files.writeString(work.resolve("kafka"), "not a folder");

        int exit = run("broker", "--data", file.toString(), "--port", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("--data: not a folder: ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void brokerNamesATakenPortInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            int exit =
                    run(
                            "broker",
                            "--data",
                            work.resolve("kafka").toString(),
                            "--port",
                            Integer.toString(port));

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString())
                    .isEqualTo(
                            "Could not start the broker: Port "
                                    + port
                                    + " on localhost is taken (another broker?)"
                                    + System.lineSeparator());
        }
    }

    @Test
    void inferRefusesAnUnknownOptionBeforeItSubmitsAnything() {
        int exit =
                run(
                        "infer",
                        "--bootstrap-servers",
                        "localhost:1",
                        "--set",
                        "models.dir=" + work,
                        "--set",
                        "checkpoint.interval.ms=soon");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("Bad inference options: ")
                .contains("checkpoint.interval.ms");
        assertThat(out.toString()).isEmpty();
    }

    private int run(String... args) {
        return new CommandLine(new Headcount())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }
}
