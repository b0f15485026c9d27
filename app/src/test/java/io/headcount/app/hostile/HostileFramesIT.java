package io.headcount.app.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.core.Windows;
import io.headcount.embedded.AudienceStatsFeed;
import io.headcount.embedded.EmbeddedPipeline;
import io.headcount.inference.functions.CameraRateLimit;
import io.headcount.inference.functions.CaptureTimeRule;
import io.headcount.ingest.CameraRunner;
import io.headcount.ingest.CameraSettings;
import io.headcount.ingest.FrameTiming;
import io.headcount.ingest.RunSummary;
import io.headcount.ingest.publish.FramePublisher;
import io.headcount.ingest.publish.PublisherSettings;
import io.headcount.ingest.source.ImageFolderOptions;
import io.headcount.ingest.source.ImageFolderSource;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.codec.AvroBytes;
import io.headcount.schemas.codec.AvroCodec;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.FaceScenes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile records mixed into a camera's real frames on the real pipeline: each becomes a dead
 * letter naming its reason, an oversized one is refused by the broker, and every good frame and
 * face is still counted.
 */
class HostileFramesIT {

    private static final int[] FACES_PER_FRAME = new Random(20261129).ints(12, 0, 3).toArray();
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final String CAMERA = "cam-hostile";

    /** A camera that sends 80 frames captured within one second: 20 above the default limit. */
    private static final String FLOODING_CAMERA = "cam-flood";

    private static final int FLOOD_FRAMES = CameraRateLimit.DEFAULT_MAX_FRAMES_PER_SECOND + 20;

    @TempDir Path images;

    @Test
    void hostileRecordsAreDeadLetteredAndEveryGoodFrameIsCounted() throws Exception {
        FaceScenes.writeFrames(images, FACES_PER_FRAME);
        assertThat(Files.list(images).count()).isEqualTo(FACES_PER_FRAME.length);
        Instant start = start();
        Map<String, byte[]> hostile = hostileRecords(start);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EmbeddedPipeline.Settings settings =
                EmbeddedPipeline.Settings.defaults(registry)
                        .withWindow(WINDOW, Duration.ofSeconds(5));
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(settings);
                AudienceStatsFeed feed =
                        new AudienceStatsFeed(pipeline.bootstrapServers(), stats -> {})) {
            try (KafkaProducer<byte[], byte[]> producer = producer(pipeline.bootstrapServers())) {
                for (byte[] value : hostile.values()) {
                    producer.send(record(value)).get();
                }
                for (byte[] value : flood(start)) {
                    producer.send(record(FLOODING_CAMERA, value));
                }
                producer.flush();
                // Larger than the topic accepts: refused at the door, never stored.
                byte[] oversized = new byte[Topics.MAX_FRAME_BYTES + 128 * 1024];
                assertThatThrownBy(() -> producer.send(record(oversized)).get())
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(RecordTooLargeException.class);
            }
            RunSummary summary = publish(pipeline.bootstrapServers(), registry, start);
            assertThat(summary.sent()).isEqualTo(FACES_PER_FRAME.length);

            Instant last = windowStartOf(summary.lastCaptureTime());
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (windowsOf(CAMERA, feed).stream().noneMatch(s -> s.getWindowStart().equals(last))
                    || windowsOf(FLOODING_CAMERA, feed).isEmpty()) {
                pipeline.checkHealthy();
                assertThat(System.nanoTime()).as("last windows closed").isLessThan(deadline);
                Thread.sleep(200);
            }
            // The flooding camera got what the limit allows, and took nothing from the other.
            assertThat(
                            windowsOf(FLOODING_CAMERA, feed).stream()
                                    .mapToLong(AudienceStats::getFrames)
                                    .sum())
                    .isEqualTo(CameraRateLimit.DEFAULT_MAX_FRAMES_PER_SECOND);
            List<AudienceStats> windows = windowsOf(CAMERA, feed);
            assertThat(windows.stream().mapToLong(AudienceStats::getFrames).sum())
                    .isEqualTo(FACES_PER_FRAME.length);
            assertThat(windows.stream().mapToLong(AudienceStats::getFaceObservations).sum())
                    .isEqualTo(Arrays.stream(FACES_PER_FRAME).sum());

            int refusedFloodFrames = FLOOD_FRAMES - CameraRateLimit.DEFAULT_MAX_FRAMES_PER_SECOND;
            List<DeadLetter> letters =
                    deadLetters(pipeline.bootstrapServers(), hostile.size() + refusedFloodFrames);
            List<DeadLetter> flood =
                    letters.stream().filter(l -> keyOf(l).equals(FLOODING_CAMERA)).toList();
            assertThat(flood).hasSize(refusedFloodFrames);
            assertThat(flood)
                    .allSatisfy(
                            letter -> {
                                assertThat(letter.getReason()).isEqualTo(CameraRateLimit.FLOODING);
                                assertThat(letter.getDetail()).contains(FLOODING_CAMERA);
                            });
            assertThat(reasonsByName(letters, hostile))
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of(
                                    "random bytes", "NOT_SINGLE_OBJECT",
                                    "empty value", "EMPTY",
                                    "unknown schema", "UNKNOWN_SCHEMA",
                                    "truncated avro", "MALFORMED_BODY",
                                    "not a jpeg", "NOT_JPEG",
                                    "truncated jpeg", "CORRUPT_JPEG",
                                    "65535x65535", "FRAME_TOO_LARGE",
                                    "zero size", "DIMENSION_MISMATCH",
                                    "from the future", CaptureTimeRule.IN_FUTURE,
                                    "from 1970", CaptureTimeRule.BEFORE_HORIZON));
        }
    }

    /** Each hostile value by a name, all keyed by the good camera, so they share its partition. */
    private static Map<String, byte[]> hostileRecords(Instant start) {
        AvroCodec<FrameEvent> codec = AvroCodec.of(FrameEvent.class);
        byte[] jpeg = DecoderFuzzTest.smallJpeg();
        Map<String, byte[]> values = new LinkedHashMap<>();
        byte[] random = new byte[300];
        new Random(1).nextBytes(random);
        values.put("random bytes", random);
        values.put("empty value", new byte[0]);
        byte[] unknownSchema = codec.encode(frame(jpeg, 64, 48, start));
        for (int i = 2; i < 10; i++) {
            unknownSchema[i] ^= (byte) 0x5A; // another fingerprint: a version nobody released
        }
        values.put("unknown schema", unknownSchema);
        byte[] whole = codec.encode(frame(jpeg, 64, 48, start));
        values.put("truncated avro", Arrays.copyOf(whole, whole.length / 2));
        values.put(
                "not a jpeg",
                codec.encode(
                        frame(
                                "GIF89a, not a JPEG".getBytes(StandardCharsets.US_ASCII),
                                64,
                                48,
                                start)));
        values.put(
                "truncated jpeg",
                codec.encode(frame(Arrays.copyOf(jpeg, jpeg.length * 2 / 3), 64, 48, start)));
        values.put(
                "65535x65535",
                codec.encode(
                        frame(
                                DecoderFuzzTest.withDeclaredSize(jpeg, 65535, 65535),
                                65535,
                                65535,
                                start)));
        values.put("zero size", codec.encode(frame(jpeg, 0, 0, start)));
        values.put(
                "from the future",
                codec.encode(frame(jpeg, 64, 48, Instant.now().plus(Duration.ofDays(3650)))));
        values.put("from 1970", codec.encode(frame(jpeg, 64, 48, Instant.EPOCH)));
        return values;
    }

    /**
     * The frames of {@link #FLOODING_CAMERA}, all captured within the same second, then its end of
     * stream, which closes its window.
     */
    private static List<byte[]> flood(Instant start) {
        AvroCodec<FrameEvent> codec = AvroCodec.of(FrameEvent.class);
        byte[] jpeg = DecoderFuzzTest.smallJpeg();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < FLOOD_FRAMES; i++) {
            values.add(
                    codec.encode(
                            FrameEvent.newBuilder(frame(jpeg, 64, 48, start.plusMillis(i)))
                                    .setCamera(FLOODING_CAMERA)
                                    .setSequence(i)
                                    .build()));
        }
        values.add(
                codec.encode(
                        FrameEvent.newBuilder(frame(new byte[0], 0, 0, start.plusSeconds(1)))
                                .setCamera(FLOODING_CAMERA)
                                .setSequence(FLOOD_FRAMES)
                                .setEndOfStream(true)
                                .build()));
        return values;
    }

    private static List<AudienceStats> windowsOf(String camera, AudienceStatsFeed feed) {
        return feed.received().stream().filter(s -> s.getCamera().equals(camera)).toList();
    }

    /** The dead letters of the {@code frames} topic, once {@code expected} are there (or 60 s). */
    private static List<DeadLetter> deadLetters(String bootstrapServers, int expected) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "hostile-dlq-reader");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var topic = Topics.deadLettersOf(Topics.FRAMES.name());
        List<DeadLetter> letters = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<byte[], DeadLetter> consumer =
                new KafkaConsumer<>(
                        config,
                        topic.keySerde().deserializer(),
                        topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            while (letters.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(record -> letters.add(record.value()));
            }
        }
        return letters;
    }

    private static String keyOf(DeadLetter letter) {
        byte[] key = AvroBytes.copyOf(letter.getKey());
        return key == null ? "" : new String(key, StandardCharsets.UTF_8);
    }

    /** The reason of each hostile record's dead letter, found by its original bytes. */
    private static Map<String, String> reasonsByName(
            List<DeadLetter> letters, Map<String, byte[]> hostile) {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (DeadLetter letter : letters) {
            byte[] value = AvroBytes.copyOf(letter.getValue());
            hostile.forEach(
                    (name, original) -> {
                        if (Arrays.equals(original, value)) {
                            assertThat(letter.getStage()).isNotBlank();
                            assertThat(letter.getDetail()).isNotBlank();
                            reasons.put(name, letter.getReason());
                        }
                    });
        }
        return reasons;
    }

    private RunSummary publish(String bootstrapServers, SimpleMeterRegistry registry, Instant start)
            throws Exception {
        try (ImageFolderSource source =
                        ImageFolderSource.open(images, ImageFolderOptions.defaults());
                FramePublisher publisher =
                        new FramePublisher(
                                PublisherSettings.of(bootstrapServers, "hostile-gateway"),
                                registry)) {
            CameraSettings camera =
                    CameraSettings.of(
                            "hostile-site",
                            CAMERA,
                            "hostile-gateway",
                            FrameTiming.asFastAsPossible(start, 1));
            return new CameraRunner(camera, source, publisher, registry).run();
        }
    }

    private static ProducerRecord<byte[], byte[]> record(byte[] value) {
        return record(CAMERA, value);
    }

    private static ProducerRecord<byte[], byte[]> record(String camera, byte[] value) {
        return new ProducerRecord<>(
                Topics.FRAMES.name(), camera.getBytes(StandardCharsets.UTF_8), value);
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 * 1024 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static FrameEvent frame(byte[] jpeg, int width, int height, Instant captureTime) {
        return FrameEvent.newBuilder(DecoderFuzzTest.frame(jpeg))
                .setCamera(CAMERA)
                .setWidth(width)
                .setHeight(height)
                .setCaptureTime(captureTime)
                .build();
    }

    /** Event time ends about now and starts on a window boundary (as the run command does). */
    private static Instant start() {
        return Windows.recentStart(Duration.ofSeconds(FACES_PER_FRAME.length).plus(WINDOW), WINDOW);
    }

    private static Instant windowStartOf(Instant time) {
        return Windows.startOf(time, WINDOW);
    }
}
