package io.headcount.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.aggregation.AudienceReplay.Outputs;
import io.headcount.aggregation.AudienceReplay.RunTopics;
import io.headcount.schemas.AudienceStats;
import io.headcount.testkit.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping and restarting the real app (exactly once v2, real broker, two partitions per topic) in
 * the middle of a stream loses no visitor and counts none twice: the first half of a minute of four
 * cameras (two per partition) is written while the app runs and processed until some windows are
 * committed, the app stops, and an app of the same application id starts and gets the second half,
 * written while it runs. Its outputs (read_committed) must equal those of one undisturbed run of
 * the whole input, record for record. The half ends inside a window and inside open tracks, so the
 * restarted app needs the tracker's and the windows' state.
 */
class RestartIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create().withPartitions(2);

    /** Inside window [30 s, 40 s) and inside several tracks. */
    private static final Duration HALF = Duration.ofMillis(31_300);

    /**
     * Windows [0, 10) and [10, 20) of each camera close (end + 5 s grace) on its clock before the
     * half.
     */
    private static final int WINDOWS_CLOSED_IN_FIRST_HALF = 2 * AudienceReplay.CAMERAS.size();

    private static final AudienceReplay REPLAY = AudienceReplay.generate(4242L);
    private static Outputs undisturbed;

    @TempDir Path firstState;
    @TempDir Path secondState;

    @Test
    void cleanCloseAndRestartOnTheSameStateDirectory() throws Exception {
        assertRestartMatchesUndisturbedRun("same-state", Stop.CLEAN, firstState);
    }

    @Test
    void cleanCloseAndRestartWithoutLocalStateRestoresFromTheChangelogs() throws Exception {
        assertRestartMatchesUndisturbedRun("wiped-state", Stop.CLEAN, secondState);
    }

    /**
     * The first instance is told to stop but not waited for; the second starts at once on an empty
     * state directory while the first may still be committing or closing its tasks.
     */
    @Test
    void successorStartsWhileThePredecessorIsStillStopping() throws Exception {
        assertRestartMatchesUndisturbedRun("abandoned", Stop.WITHOUT_WAITING, secondState);
    }

    private enum Stop {
        CLEAN,
        WITHOUT_WAITING
    }

    private void assertRestartMatchesUndisturbedRun(String name, Stop stop, Path restartState)
            throws Exception {
        Outputs expected = undisturbed();
        RunTopics topics = RunTopics.create(KAFKA, name);

        AggregationApp first =
                new AggregationApp(
                        topics.settings(KAFKA, name, firstState), new SimpleMeterRegistry());
        try {
            first.start();
            assertThat(first.awaitRunning(Duration.ofSeconds(60)))
                    .as("first instance reaches RUNNING")
                    .isTrue();
            topics.produce(KAFKA, REPLAY.before(HALF), Duration.ofMillis(20), 0);
            List<ConsumerRecord<String, AudienceStats>> committed =
                    KAFKA.consume(
                            topics.stats(), WINDOWS_CLOSED_IN_FIRST_HALF, Duration.ofSeconds(60));
            assertThat(committed)
                    .as("mid-stream: windows after the half cannot have closed")
                    .hasSizeLessThan(AudienceReplay.WINDOWS);
        } finally {
            if (stop == Stop.CLEAN) {
                assertThat(first.close(Duration.ofSeconds(30))).as("clean close").isTrue();
                assertThat(groupMembers(name))
                        .as("a cleanly closed instance has left the group: no session to wait out")
                        .isZero();
            } else {
                first.close(Duration.ZERO);
            }
        }

        Outputs restarted;
        try (AggregationApp second =
                new AggregationApp(
                        topics.settings(KAFKA, name, restartState), new SimpleMeterRegistry())) {
            second.start();
            topics.produce(KAFKA, REPLAY.from(HALF), Duration.ofMillis(20), 0);
            assertThat(second.awaitRunning(Duration.ofSeconds(90)))
                    .as("restarted instance reaches RUNNING")
                    .isTrue();
            restarted = topics.awaitAllWindows(KAFKA, Duration.ofSeconds(90));
            assertThat(second.close(Duration.ofSeconds(30))).isTrue();
        }

        restarted.assertComplete(REPLAY);
        assertThat(restarted.stats())
                .as("audience-stats after the restart")
                .containsExactlyElementsOf(expected.stats());
        assertThat(restarted.tracks())
                .as("tracks after the restart")
                .containsExactlyElementsOf(expected.tracks());
    }

    private static int groupMembers(String applicationId) throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                KAFKA.bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(applicationId))
                    .describedGroups()
                    .get(applicationId)
                    .get()
                    .members()
                    .size();
        }
    }

    /** The whole input, processed by one instance that never stops; computed once for all tests. */
    private static synchronized Outputs undisturbed() throws Exception {
        if (undisturbed == null) {
            RunTopics topics = RunTopics.create(KAFKA, "undisturbed");
            Path state = Files.createTempDirectory("restart-it-undisturbed");
            try (AggregationApp app =
                    new AggregationApp(
                            topics.settings(KAFKA, "undisturbed", state),
                            new SimpleMeterRegistry())) {
                app.start();
                assertThat(app.awaitRunning(Duration.ofSeconds(60)))
                        .as("undisturbed run reaches RUNNING")
                        .isTrue();
                topics.produce(KAFKA, REPLAY.records, Duration.ofMillis(20), 0);
                undisturbed = topics.awaitAllWindows(KAFKA, Duration.ofSeconds(90));
                assertThat(app.close(Duration.ofSeconds(30))).isTrue();
            } finally {
                delete(state);
            }
            undisturbed.assertComplete(REPLAY);
        }
        return undisturbed;
    }

    private static void delete(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
