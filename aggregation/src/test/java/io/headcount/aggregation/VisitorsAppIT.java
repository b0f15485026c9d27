package io.headcount.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.aggregation.metrics.AggregationMetrics;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.Cell;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.TrackSummary;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Visitors end to end with the real app (exactly-once v2) and a real broker: a camera's finite
 * source with two confirmed tracks and one too short, replayed at full speed, ends with an end of
 * stream; each visitor comes out once on {@code tracks} and counted in its window on {@code
 * audience-stats}.
 */
class VisitorsAppIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withTopics(Topics.all());

    @TempDir Path stateDir;

    @Test
    void confirmedTracksBecomeOneSummaryEachAndAreCountedInTheirWindow() throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(AggregationOptions.SUPPRESSION_MIN_COUNT, "1");

        try (AggregationApp app = new AggregationApp(settings, registry)) {
            app.start();
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).as("app reaches RUNNING").isTrue();

            // A frame every 200 ms for 30 s: "her" in view from 2 to 6 s, "him" from 10 to 15 s,
            // "blip"
            // at 20.0 and 20.2 s only (two impressions: not a visitor).
            Impressions her = Impressions.at("berlin", "entrance").female(0.97f);
            Impressions him = Impressions.at("berlin", "entrance").female(0.03f);
            long observations = 0;
            for (int millis = 0; millis <= 30_000; millis += 200) {
                Instant time = t0.plusMillis(millis);
                int faces = 0;
                if (millis >= 2_000 && millis <= 6_000) {
                    produce(her.of("her", time));
                    faces++;
                }
                if (millis >= 10_000 && millis <= 15_000) {
                    produce(him.of("him", time));
                    faces++;
                }
                if (millis == 20_000 || millis == 20_200) {
                    produce(her.of("blip", time));
                    faces++;
                }
                observations += faces;
                produce(Frames.of("berlin", "entrance", time, faces));
            }
            produce(Frames.endOfStream("berlin", "entrance", t0.plusMillis(30_200)));

            List<ConsumerRecord<String, AudienceStats>> stats =
                    KAFKA.consume(Topics.AUDIENCE_STATS, 1, Duration.ofSeconds(60));
            List<ConsumerRecord<String, TrackSummary>> tracks =
                    KAFKA.consumeFor(Topics.TRACKS, Duration.ofSeconds(3));
            stats = KAFKA.consumeFor(Topics.AUDIENCE_STATS, Duration.ofSeconds(1));

            Map<String, TrackSummary> summaries =
                    tracks.stream()
                            .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));
            assertThat(summaries).as("exactly one summary per visitor").hasSize(tracks.size());
            assertThat(summaries).containsOnlyKeys("entrance/her", "entrance/him");
            assertThat(summaries.get("entrance/her").getDwellMillis()).isEqualTo(4_000);
            assertThat(summaries.get("entrance/her").getImpressions()).isEqualTo(21);
            assertThat(summaries.get("entrance/her").getSex().getValue()).isEqualTo("female");
            assertThat(summaries.get("entrance/him").getSex().getValue()).isEqualTo("male");
            assertThat(summaries.get("entrance/him").getDwellMillis()).isEqualTo(5_000);

            assertThat(stats).hasSize(1);
            AudienceStats window = stats.get(0).value();
            assertThat(stats.get(0).key()).isEqualTo("berlin/entrance/" + t0.toEpochMilli());
            assertThat(window.getVisitors()).isEqualTo(2);
            assertThat(window.getFrames()).isEqualTo(151);
            assertThat(window.getFaceObservations()).isEqualTo(observations);
            assertThat(window.getBySex())
                    .containsOnly(
                            Map.entry("female", new Cell(1L, false)),
                            Map.entry("male", new Cell(1L, false)));
            assertThat(window.getDwellMillis().getMax()).isEqualTo(5_000);
            assertThat(
                            registry.get(AggregationMetrics.TRACKS_CLOSED)
                                    .tags("outcome", AggregationMetrics.OUTCOME_UNCONFIRMED)
                                    .counter()
                                    .count())
                    .isEqualTo(1);
            assertThat(app.close(Duration.ofSeconds(30))).isTrue();
        }
    }

    private static void produce(FaceObservation observation) {
        KAFKA.produce(Topics.FACE_OBSERVATIONS, observation.getCamera(), observation);
    }

    private static void produce(FrameProcessed frame) {
        KAFKA.produce(Topics.FRAMES_PROCESSED, frame.getCamera(), frame);
    }
}
