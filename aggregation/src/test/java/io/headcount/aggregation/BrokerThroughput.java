package io.headcount.aggregation;

import io.headcount.broker.EmbeddedKafkaBroker;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Throughput of the real app (exactly-once v2, default settings) on an in-process broker: {@code
 * java ... io.headcount.aggregation.BrokerThroughput [observations]} (default 200000). Writes the
 * observations of four cameras at 10 frames per second (two or three tracked people each) and their
 * processed frames first, then starts the app and times it from RUNNING until the last window of
 * every camera is on {@code audience-stats}. Broker and app share the machine's cores. Not a test:
 * it prints a figure and asserts nothing.
 */
public final class BrokerThroughput {

    private static final String[] CAMERAS = {"entrance", "checkout", "hall", "exit"};

    private BrokerThroughput() {}

    static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int observations = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path stateDir = Files.createTempDirectory("aggregation-broker-throughput");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            run(broker, stateDir, observations);
        } finally {
            deleteTree(stateDir);
        }
    }

    private static void run(EmbeddedKafkaBroker broker, Path stateDir, int observations)
            throws Exception {
        {
            broker.createTopics(Topics.all());
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2));
            long[] written = write(broker.bootstrapServers(), t0, observations);
            long lastFrameMillis = written[2];
            int windowsPerCamera = (int) (lastFrameMillis / 60_000) + 1;

            Map<String, Object> settings = new HashMap<>();
            settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            try (AggregationApp app = new AggregationApp(settings, new SimpleMeterRegistry());
                    KafkaConsumer<String, AudienceStats> consumer =
                            statsConsumer(broker.bootstrapServers())) {
                consumer.subscribe(List.of(Topics.AUDIENCE_STATS.name()));
                app.start();
                if (!app.awaitRunning(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("app not running: " + app.state());
                }
                long start = System.nanoTime();
                int windows = 0;
                long visitors = 0;
                while (windows < windowsPerCamera * CAMERAS.length) {
                    ConsumerRecords<String, AudienceStats> records =
                            consumer.poll(Duration.ofMillis(200));
                    for (var record : records) {
                        windows++;
                        visitors += record.value().getVisitors();
                    }
                    if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
                        throw new IllegalStateException(
                                "only " + windows + " windows after 10 minutes");
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        "%d observations + %d processed frames in %.1f s: %.0f observations/s (%.0f records/s); %d windows, %d visitors%n",
                        written[0],
                        written[1],
                        seconds,
                        written[0] / seconds,
                        (written[0] + written[1]) / seconds,
                        windows,
                        visitors);
            }
        }
    }

    /**
     * @return observations written, frames written, the last frame's offset from t0 in ms
     */
    private static long[] write(String bootstrap, Instant t0, int observations) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        Topic<String, FaceObservation> obsTopic = Topics.FACE_OBSERVATIONS;
        Topic<String, FrameProcessed> framesTopic = Topics.FRAMES_PROCESSED;
        Random random = new Random(7);
        long sent = 0;
        long frames = 0;
        long millis = 0;
        try (KafkaProducer<String, FaceObservation> obs =
                        new KafkaProducer<>(
                                config,
                                obsTopic.keySerde().serializer(),
                                obsTopic.valueSerde().serializer());
                KafkaProducer<String, FrameProcessed> framesOut =
                        new KafkaProducer<>(
                                config,
                                framesTopic.keySerde().serializer(),
                                framesTopic.valueSerde().serializer())) {
            for (long frame = 0; sent < observations; frame++) {
                millis = frame * 100;
                Instant time = t0.plusMillis(millis);
                for (String camera : CAMERAS) {
                    int people = 2 + (int) ((frame / 50) % 2);
                    for (int person = 0; person < people; person++) {
                        Impressions face =
                                Impressions.at("berlin", camera)
                                        .female(random.nextFloat())
                                        .faceSize(30 + random.nextInt(70));
                        obs.send(
                                new ProducerRecord<>(
                                        obsTopic.name(),
                                        camera,
                                        face.of(
                                                camera + "-" + person + "-" + (frame / 150),
                                                time)));
                        sent++;
                    }
                    framesOut.send(
                            new ProducerRecord<>(
                                    framesTopic.name(),
                                    camera,
                                    Frames.of("berlin", camera, time, people)));
                    frames++;
                }
            }
            obs.flush();
            for (String camera : CAMERAS) {
                framesOut.send(
                        new ProducerRecord<>(
                                framesTopic.name(),
                                camera,
                                Frames.endOfStream("berlin", camera, t0.plusMillis(millis + 100))));
            }
            framesOut.flush();
        }
        return new long[] {sent, frames, millis};
    }

    private static KafkaConsumer<String, AudienceStats> statsConsumer(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "throughput-reader");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(
                config,
                Topics.AUDIENCE_STATS.keySerde().deserializer(),
                Topics.AUDIENCE_STATS.valueSerde().deserializer());
    }
}
