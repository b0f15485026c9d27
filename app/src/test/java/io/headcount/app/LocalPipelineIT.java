package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.aggregation.AggregationOptions;
import io.headcount.embedded.CommittedFeed;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.TrackSummary;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.FaceScenes;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The distributed pipeline on one machine, as the README's four terminals run it: {@code broker},
 * {@code infer} and {@code aggregate} started apart against the same broker, then {@code gateway}
 * publishing real faces. Windows and tracks must come out with every frame and face counted.
 */
class LocalPipelineIT {

    private static final int FRAMES = 12;
    private static final int FACES_PER_FRAME = 2;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(60);

    @TempDir Path work;

    @Test
    void gatewayInferAndAggregateRunApartAgainstOneBroker() throws Exception {
        Path images = writeFrames(Files.createDirectories(work.resolve("door")));
        try (CommandThread broker =
                CommandThread.start(
                        "broker", "--data", work.resolve("kafka").toString(), "--port", "0")) {
            String bootstrap =
                    broker.awaitOutput("^Kafka broker at (localhost:\\d+) ", START_TIMEOUT);
            try (CommandThread infer =
                            CommandThread.start("infer", "--bootstrap-servers", bootstrap);
                    CommandThread aggregate =
                            CommandThread.start(
                                    "aggregate",
                                    "--bootstrap-servers",
                                    bootstrap,
                                    "--set",
                                    StreamsConfig.STATE_DIR_CONFIG + "=" + work.resolve("streams"),
                                    "--set",
                                    AggregationOptions.WINDOW_SIZE_MS + "=10000",
                                    "--set",
                                    AggregationOptions.WINDOW_GRACE_MS + "=5000")) {
                infer.awaitOutput("^Inference job \\S+ running against ", START_TIMEOUT);
                aggregate.awaitOutput("^Aggregating the topics of ", START_TIMEOUT);

                assertThat(publish(bootstrap, images)).isZero();

                List<AudienceStats> windows =
                        read(
                                bootstrap,
                                Topics.AUDIENCE_STATS,
                                all -> framesCounted(all) >= FRAMES,
                                List.of(infer, aggregate));
                assertThat(framesCounted(windows)).isEqualTo(FRAMES);
                assertThat(windows.stream().mapToLong(AudienceStats::getFaceObservations).sum())
                        .isEqualTo((long) FRAMES * FACES_PER_FRAME);
                List<TrackSummary> tracks =
                        read(
                                bootstrap,
                                Topics.TRACKS,
                                all -> all.size() >= FACES_PER_FRAME,
                                List.of(infer, aggregate));
                assertThat(tracks)
                        .hasSize(FACES_PER_FRAME)
                        .allSatisfy(track -> assertThat(track.getCamera()).isEqualTo("cam-door"));
                assertThat(infer.isRunning()).as("%s", infer).isTrue();
                assertThat(aggregate.isRunning()).as("%s", aggregate).isTrue();
            }
        }
    }

    /** The same two real faces in every frame, so each is one track. */
    private static Path writeFrames(Path folder) {
        BufferedImage scene = FaceScenes.scene(FaceScenes.adultFaces(FACES_PER_FRAME));
        for (int frame = 0; frame < FRAMES; frame++) {
            FaceScenes.writeJpeg(scene, folder.resolve(String.format("frame-%03d.jpg", frame)));
        }
        return folder;
    }

    /** {@code headcount gateway} with a folder camera; returns its exit code once it has ended. */
    private int publish(String bootstrap, Path images) throws Exception {
        Path config =
                Files.writeString(
                        work.resolve("cameras.yaml"),
                        String.join(
                                "\n",
                                "gateway: gw-local",
                                "kafka: {bootstrapServers: " + bootstrap + "}",
                                "cameras:",
                                "  - {site: store-1, camera: cam-door, fps: 4, source: {type: folder, path: "
                                        + images
                                        + "}}",
                                ""));
        StringWriter output = new StringWriter();
        int exit =
                new CommandLine(new Headcount())
                        .setOut(new PrintWriter(output, true))
                        .setErr(new PrintWriter(output, true))
                        .execute("gateway", "--config", config.toString());
        assertThat(output.toString()).as("gateway output").contains(FRAMES + " frames sent");
        return exit;
    }

    private static long framesCounted(List<AudienceStats> windows) {
        return windows.stream().mapToLong(AudienceStats::getFrames).sum();
    }

    /** What downstream consumers see of {@code topic} once {@code enough} holds (or time is up). */
    private static <V> List<V> read(
            String bootstrap,
            Topic<String, V> topic,
            Predicate<List<V>> enough,
            List<CommandThread> services)
            throws InterruptedException {
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                CommittedFeed.committedConsumer(
                        Map.of("bootstrap.servers", bootstrap), "local-pipeline-test")) {
            CommittedFeed.assignFromBeginning(consumer, List.of(topic.name()));
            long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
            while (!enough.test(values)) {
                for (CommandThread service : services) {
                    assertThat(service.isRunning()).as("%s", service).isTrue();
                }
                assertThat(System.nanoTime())
                        .as(
                                "%s: only %s within %s; %s",
                                topic.name(), values, RESULT_TIMEOUT, services)
                        .isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    values.add(
                            topic.valueSerde()
                                    .deserializer()
                                    .deserialize(topic.name(), record.value()));
                }
            }
            // A duplicate would be right behind.
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                values.add(
                        topic.valueSerde()
                                .deserializer()
                                .deserialize(topic.name(), record.value()));
            }
        }
        return values;
    }
}
