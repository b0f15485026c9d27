package io.headcount.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.aggregation.metrics.AggregationMetrics;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.codec.AvroBytes;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real app, exactly-once v2, against a real broker: two cameras replayed from finite sources
 * (like folders of frames), each ending with an end-of-stream record, with garbage on both inputs.
 */
class AggregationAppIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withTopics(Topics.all());

    @TempDir Path stateDir;

    @Test
    void finiteSourcesGetEveryWindowCountedExactlyOnceAndGarbageDeadLettered() throws Exception {
        // An hour ago, at a whole minute: safely behind the wall clock, like a replay.
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());

        try (AggregationApp app = new AggregationApp(settings, registry)) {
            assertThat(app.topology().describe().toString())
                    .contains(AudienceTopology.WINDOWS_STORE);
            app.start();
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).as("app reaches RUNNING").isTrue();

            // entrance: a frame every 5 s from 0 to 150 s, faces at 10, 15 and 20 s (one each) and
            // 70 s
            // (two), source ends at 155 s. checkout: a frame every 10 s from 0 to 50 s, a face at
            // 40 s,
            // source ends at 55 s. Records go out in frame-time order, as two live cameras would
            // send them.
            byte[] garbage = "GET /favicon.ico HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
            long observationOffset = 0;
            long garbageOffset = -1;
            for (int second = 0; second <= 155; second += 5) {
                if (second <= 150) {
                    int faces = second == 70 ? 2 : (second >= 10 && second <= 20) ? 1 : 0;
                    observationOffset += sendFrame("entrance", t0.plusSeconds(second), faces);
                } else {
                    produce(Frames.endOfStream("berlin", "entrance", t0.plusSeconds(second)));
                }
                if (second <= 50 && second % 10 == 0) {
                    observationOffset +=
                            sendFrame("checkout", t0.plusSeconds(second), second == 40 ? 1 : 0);
                } else if (second == 55) {
                    produce(Frames.endOfStream("berlin", "checkout", t0.plusSeconds(second)));
                }
                if (second == 25) {
                    KAFKA.produceBytes(Topics.FACE_OBSERVATIONS.name(), utf8("entrance"), garbage);
                    KAFKA.produceBytes(Topics.FRAMES_PROCESSED.name(), utf8("entrance"), garbage);
                    garbageOffset = observationOffset;
                }
            }

            List<ConsumerRecord<String, AudienceStats>> records =
                    KAFKA.consume(Topics.AUDIENCE_STATS, 4, Duration.ofSeconds(60));
            // One more look: a duplicate, or a record for an end of stream, would show up now.
            records = KAFKA.consumeFor(Topics.AUDIENCE_STATS, Duration.ofSeconds(3));

            long start = t0.toEpochMilli();
            Map<String, AudienceStats> stats =
                    records.stream()
                            .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));
            assertThat(stats).as("one record per site/camera window").hasSize(records.size());
            assertThat(countsOf(stats))
                    .as(
                            "frames/faceObservations of every window, and no window of an end of stream")
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of(
                                    "berlin/entrance/" + start, "12/3",
                                    "berlin/entrance/" + (start + 60_000), "12/2",
                                    "berlin/entrance/" + (start + 120_000), "7/0",
                                    "berlin/checkout/" + start, "6/1"));
            assertThat(stats.get("berlin/entrance/" + (start + 120_000)).getWindowEnd())
                    .isEqualTo(t0.plusSeconds(180));

            assertDeadLetter(Topics.FACE_OBSERVATIONS.name(), garbage, garbageOffset, registry);
            // frames-processed offsets: entrance and checkout frames from 0 to 25 s (6 + 3).
            assertDeadLetter(Topics.FRAMES_PROCESSED.name(), garbage, 9, registry);
            assertThat(registry.getMeters())
                    .as("Kafka Streams client metrics are bound")
                    .anySatisfy(
                            meter ->
                                    assertThat(meter.getId().getName()).startsWith("kafka.stream"));

            assertThat(app.close(Duration.ofSeconds(30))).as("clean shutdown").isTrue();
            assertThat(app.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
        }
    }

    /** Sends a processed frame and its observations; returns the number of observations. */
    private static int sendFrame(String camera, Instant frameTime, int faces) {
        for (int face = 0; face < faces; face++) {
            KAFKA.produce(
                    Topics.FACE_OBSERVATIONS, camera, Observations.of("berlin", camera, frameTime));
        }
        produce(Frames.of("berlin", camera, frameTime, faces));
        return faces;
    }

    private static void produce(FrameProcessed frame) {
        KAFKA.produce(Topics.FRAMES_PROCESSED, frame.getCamera(), frame);
    }

    private static Map<String, String> countsOf(Map<String, AudienceStats> stats) {
        return stats.entrySet().stream()
                .collect(
                        Collectors.toMap(
                                Map.Entry::getKey,
                                entry ->
                                        entry.getValue().getFrames()
                                                + "/"
                                                + entry.getValue().getFaceObservations()));
    }

    private static void assertDeadLetter(
            String sourceTopic, byte[] value, long offset, SimpleMeterRegistry registry) {
        List<ConsumerRecord<byte[], DeadLetter>> letters =
                KAFKA.consume(Topics.deadLettersOf(sourceTopic), 1, Duration.ofSeconds(30));
        assertThat(letters).as(sourceTopic + ".dlq").hasSize(1);
        DeadLetter letter = letters.get(0).value();
        assertThat(letter.getReason()).isEqualTo("NOT_SINGLE_OBJECT");
        assertThat(letter.getSourceTopic()).isEqualTo(sourceTopic);
        assertThat(letter.getSourceOffset()).isEqualTo(offset);
        assertThat(AvroBytes.copyOf(letter.getValue())).isEqualTo(value);
        assertThat(
                        registry.get(AggregationMetrics.DEAD_LETTERS)
                                .tags(
                                        "component",
                                        "aggregation",
                                        "topic",
                                        sourceTopic,
                                        "reason",
                                        "NOT_SINGLE_OBJECT")
                                .counter()
                                .count())
                .isEqualTo(1);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
