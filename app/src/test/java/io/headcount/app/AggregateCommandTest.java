package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code headcount aggregate} refuses bad settings before it starts anything. */
class AggregateCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void badStoreSettingsAreNamedAndExitTwo() {
        int exit =
                run(
                        "--set",
                        "bootstrap.servers=localhost:1",
                        "--set",
                        "headcount.store.jdbc.url=jdbc:postgresql://db:5432/headcount",
                        "--set",
                        "headcount.store.batch.size=0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("Bad aggregation settings: ")
                .contains("headcount.store.batch.size must be at least 1, not 0");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aStoreWithoutABrokerIsRefusedToo() {
        int exit = run("--set", "headcount.store.jdbc.url=jdbc:postgresql://db:5432/headcount");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("setting bootstrap.servers is required");
    }

    private int run(String... args) {
        return new CommandLine(new AggregateCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }
}
