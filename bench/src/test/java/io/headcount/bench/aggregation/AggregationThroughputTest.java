package io.headcount.bench.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Both drivers of {@link AggregationThroughput} on a small load: they run to the end and print
 * their figure (the figures themselves are not checked; they depend on the machine).
 */
class AggregationThroughputTest {

    @Test
    void theBrokerDriverTimesTheAppUntilEveryWindowIsOut() throws Exception {
        String out = printed(() -> AggregationThroughput.main(new String[] {"broker", "2000"}));
        // 2000 observations: 200 frames of four cameras, 20 s of event time, one window each.
        assertThat(out).contains("2000 observations + 800 processed frames").contains("4 windows");
    }

    /** Few records: the driver writes a checkpoint (an fsync) after every one. */
    @Test
    void theTopologyDriverRunsTheSameLoad() throws Exception {
        String out = printed(() -> AggregationThroughput.main(new String[] {"driver", "200"}));
        assertThat(out).contains("200 observations (+").contains("observations/s");
    }

    private interface Run {
        void run() throws Exception;
    }

    private static String printed(Run run) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setOut(original);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        original.print(out);
        return out;
    }
}
