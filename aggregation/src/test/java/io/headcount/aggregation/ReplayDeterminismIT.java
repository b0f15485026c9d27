package io.headcount.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.aggregation.AudienceReplay.Outputs;
import io.headcount.aggregation.AudienceReplay.RunTopics;
import io.headcount.testkit.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replaying the same input twice gives identical stats and tracks: the real app (exactly once v2)
 * on a real broker with two partitions per topic, a minute of four cameras (two per partition)
 * processed by two runs of their own (application id, state, topics). The input is written while
 * each app runs, differently each time: the first run gets it as a live site sends it, a second of
 * event time at a time; the second gets it at full speed with the processed frames written 10 s of
 * event time ahead of the observations. Windows close on each camera's own clock and each camera's
 * two inputs are put into frame order, so neither the order in which two upstream tasks fill the
 * repartition topic, nor one camera's end of stream, nor one topic fetched ahead of the other
 * changes a count.
 */
class ReplayDeterminismIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create().withPartitions(2);

    @TempDir Path stateA;
    @TempDir Path stateB;

    @Test
    void replayingTheSameInputGivesIdenticalStatsAndTracks() throws Exception {
        assertThat(partitionsOf(AudienceReplay.CAMERAS))
                .as("cameras on both partitions")
                .hasSize(2);
        AudienceReplay replay = AudienceReplay.generate(20261127L);

        RunTopics first = RunTopics.create(KAFKA, "replay-a");
        Outputs original;
        try (AggregationApp app =
                new AggregationApp(
                        first.settings(KAFKA, "replay-a", stateA), new SimpleMeterRegistry())) {
            app.start();
            assertThat(app.awaitRunning(Duration.ofSeconds(60)))
                    .as("first run reaches RUNNING")
                    .isTrue();
            first.produce(KAFKA, replay.records, Duration.ofMillis(40), 0);
            original = first.awaitAllWindows(KAFKA, Duration.ofSeconds(90));
            assertThat(app.close(Duration.ofSeconds(30))).isTrue();
        }
        original.assertComplete(replay);
        assertThat(original.stats())
                .as("the input has undetermined values and suppressed cells")
                .anySatisfy(line -> assertThat(line).contains("undetermined"))
                .anySatisfy(line -> assertThat(line).contains("\"suppressed\": true"))
                .anySatisfy(line -> assertThat(line).contains("\"suppressed\": false"));

        RunTopics second = RunTopics.create(KAFKA, "replay-b");
        Outputs replayed;
        try (AggregationApp app =
                new AggregationApp(
                        second.settings(KAFKA, "replay-b", stateB), new SimpleMeterRegistry())) {
            app.start();
            assertThat(app.awaitRunning(Duration.ofSeconds(60)))
                    .as("second run reaches RUNNING")
                    .isTrue();
            second.produce(KAFKA, replay.records, Duration.ZERO, 10_000);
            replayed = second.awaitAllWindows(KAFKA, Duration.ofSeconds(90));
            assertThat(app.close(Duration.ofSeconds(30))).isTrue();
        }

        replayed.assertComplete(replay);
        assertThat(replayed.stats())
                .as("audience-stats of the replay")
                .containsExactlyElementsOf(original.stats());
        assertThat(replayed.tracks())
                .as("tracks of the replay")
                .containsExactlyElementsOf(original.tracks());
    }

    /** The partitions the default partitioner gives these keys, of two. */
    static Set<Integer> partitionsOf(java.util.List<String> cameras) {
        return cameras.stream()
                .map(
                        camera ->
                                Utils.toPositive(
                                                Utils.murmur2(
                                                        camera.getBytes(StandardCharsets.UTF_8)))
                                        % 2)
                .collect(Collectors.toSet());
    }
}
