package io.headcount.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.aggregation.AudienceReplay.Outputs;
import io.headcount.aggregation.AudienceReplay.RunTopics;
import io.headcount.testkit.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replaying the same observations twice gives identical stats and tracks: the real app (exactly
 * once v2) on a real broker, a minute of three cameras processed by two runs of their own
 * (application id, state, topics), each finding the whole input already written, as a replay of a
 * recording would. (Written while the app runs, face-observations may reach it seconds behind
 * frames-processed, whose smaller records fill batches faster: with Streams' default {@code
 * max.task.idle.ms=0} the frames move the cameras' time on and the observations arrive late.)
 */
class ReplayDeterminismIT {

    /**
     * One partition per topic, as the product creates them. With two, the repartition topic's
     * partitions interleave the tallies of two upstream tasks in whatever order they run, so stream
     * time, and which windows close before a camera's records arrive, depends on timing.
     */
    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @TempDir Path stateA;
    @TempDir Path stateB;

    @Test
    void replayingTheSameInputGivesIdenticalStatsAndTracks() throws Exception {
        AudienceReplay replay = AudienceReplay.generate(20261127L);

        RunTopics first = RunTopics.create(KAFKA, "replay-a");
        first.produce(KAFKA, replay.records);
        Outputs original;
        try (AggregationApp app =
                new AggregationApp(
                        first.settings(KAFKA, "replay-a", stateA), new SimpleMeterRegistry())) {
            app.start();
            assertThat(app.awaitRunning(Duration.ofSeconds(60)))
                    .as("first run reaches RUNNING")
                    .isTrue();
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
            second.produce(KAFKA, replay.records);
            app.start();
            assertThat(app.awaitRunning(Duration.ofSeconds(60)))
                    .as("second run reaches RUNNING")
                    .isTrue();
            replayed = second.awaitAllWindows(KAFKA, Duration.ofSeconds(90));
            assertThat(app.close(Duration.ofSeconds(30))).isTrue();
        }

        assertThat(replayed.stats())
                .as("audience-stats of the replay")
                .containsExactlyElementsOf(original.stats());
        assertThat(replayed.tracks())
                .as("tracks of the replay")
                .containsExactlyElementsOf(original.tracks());
    }
}
