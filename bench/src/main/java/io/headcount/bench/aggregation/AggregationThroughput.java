package io.headcount.bench.aggregation;

import io.headcount.aggregation.AggregationApp;
import io.headcount.aggregation.AggregationConfig;
import io.headcount.aggregation.AggregationOptions;
import io.headcount.aggregation.AudienceTopology;
import io.headcount.aggregation.metrics.AggregationMetrics;
import io.headcount.bench.cpu.ThreadCpu;
import io.headcount.broker.EmbeddedKafkaBroker;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Throughput of the aggregation (Kafka Streams app) on {@link AggregationLoad}: {@code java ...
 * io.headcount.bench.aggregation.AggregationThroughput [broker|driver] [observations] [warmup=N]
 * [key=value...]} (default {@code broker}, 200000 observations, a warm-up of half as many; {@code
 * key=value}: the app's settings over its defaults; both {@code broker} only). Prints a figure and
 * asserts nothing.
 *
 * <ul>
 *   <li>{@code broker}: the real app (exactly-once v2, default settings) on an in-process broker. A
 *       warm-up load goes through an app that is then closed; the observations and their processed
 *       frames are written, then the app starts again and is timed from RUNNING until the last
 *       window of every camera is on {@code audience-stats}. Broker and app share the machine's
 *       cores.
 *   <li>{@code driver}: the real topology in a {@code TopologyTestDriver}, single threaded, with
 *       at-least-once commits. The driver commits after every record (flushing the stores' caches),
 *       so a broker-backed app, which commits once a second, does at least as well per core. Needs
 *       kafka-streams-test-utils on the class path (bench's own, not the app's).
 * </ul>
 */
public final class AggregationThroughput {

    private AggregationThroughput() {}

    public static void main(String[] args) throws Exception {
        String mode = "broker";
        int first = 0;
        if (args.length > 0 && (args[0].equals("broker") || args[0].equals("driver"))) {
            mode = args[0];
            first = 1;
        }
        int observations = args.length > first ? Integer.parseInt(args[first]) : 200_000;
        int warmup = observations / 2;
        Map<String, Object> overrides = new HashMap<>();
        for (int i = first + 1; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("expected key=value, got " + args[i]);
            }
            String key = args[i].substring(0, equals);
            String value = args[i].substring(equals + 1);
            if (key.equals("warmup")) {
                warmup = Integer.parseInt(value);
            } else {
                overrides.put(key, value);
            }
        }
        if (mode.equals("driver")) {
            driver(observations);
        } else {
            Result result = broker(observations, warmup, overrides);
            System.out.println(result);
            System.out.println("Busiest threads (CPU seconds): " + result.busiestThreads());
        }
    }

    /**
     * What a {@link #broker} run measured.
     *
     * @param observations face observations written and aggregated
     * @param frames processed-frame records written and aggregated (end-of-stream records aside)
     * @param seconds from the app's RUNNING to the last window on {@code audience-stats}
     * @param windows windows emitted
     * @param visitors visitors in those windows
     * @param cpuSeconds CPU time of this whole process (app, broker, reader) in those seconds: on a
     *     machine shared with other work, observations per CPU second says more than per second
     * @param streamThreadCpuSeconds CPU time of the app's stream thread alone in those seconds: the
     *     app's own cost, without the broker's, and the least sensitive to other work on the
     *     machine (one stream thread processes every record, so it bounds the rate on idle cores)
     * @param cpuSecondsByKind the process's CPU time in those seconds by part of the JVM ({@link
     *     ThreadCpu.Part}: the stream threads are {@code aggregation}, their producers {@code
     *     kafka_clients}, the JIT and collector {@code jvm})
     * @param busiestThreads the Java threads that took the most CPU time, in seconds
     */
    public record Result(
            long observations,
            long frames,
            double seconds,
            int windows,
            long visitors,
            double cpuSeconds,
            double streamThreadCpuSeconds,
            Map<String, Double> cpuSecondsByKind,
            Map<String, Double> busiestThreads) {

        public double observationsPerSecond() {
            return observations / seconds;
        }

        public double observationsPerCpuSecond() {
            return observations / cpuSeconds;
        }

        public double observationsPerStreamThreadCpuSecond() {
            return observations / streamThreadCpuSeconds;
        }

        public double recordsPerSecond() {
            return (observations + frames) / seconds;
        }

        @Override
        public String toString() {
            StringBuilder byKind = new StringBuilder();
            cpuSecondsByKind.forEach(
                    (kind, cpu) ->
                            byKind.append(byKind.isEmpty() ? "" : ", ")
                                    .append(String.format("%s %.1f s", kind, cpu)));
            return String.format(
                    "%d observations + %d processed frames in %.1f s: %.0f observations/s (%.0f records/s); %d windows, %d visitors; %.1f s of CPU: %.0f observations per CPU second; stream thread %.1f s of CPU: %.0f observations per stream-thread CPU second; CPU by thread: %s",
                    observations,
                    frames,
                    seconds,
                    observationsPerSecond(),
                    recordsPerSecond(),
                    windows,
                    visitors,
                    cpuSeconds,
                    observationsPerCpuSecond(),
                    streamThreadCpuSeconds,
                    observationsPerStreamThreadCpuSecond(),
                    byKind);
        }
    }

    /**
     * The real app (exactly-once v2, default settings) on an in-process broker, on {@code
     * observations} observations of {@link AggregationLoad} and their processed frames, after a
     * warm-up of half as many (not measured).
     */
    public static Result broker(int observations) throws Exception {
        return broker(observations, observations / 2, Map.of());
    }

    /**
     * As {@link #broker(int)}, with {@code warmupObservations} observations first through an app
     * that is then closed (not measured: the JIT compiles the app, Streams and the broker, as in a
     * long-running deployment; a cold JVM spent half its CPU time compiling during the run), and
     * the app's settings (Kafka Streams' or the aggregation's) {@code overrides} on top of its
     * defaults: to measure a setting before making it one. The measured load is written while no
     * app runs, then a new app of the same application id (a restart) is timed from RUNNING.
     */
    public static Result broker(
            int observations, int warmupObservations, Map<String, Object> overrides)
            throws Exception {
        Path stateDir = Files.createTempDirectory("aggregation-broker-throughput");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(Topics.all());
            Map<String, Object> settings = new HashMap<>();
            settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            settings.putAll(overrides);
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2));
            try (KafkaConsumer<String, AudienceStats> consumer =
                    statsConsumer(broker.bootstrapServers())) {
                consumer.subscribe(List.of(Topics.AUDIENCE_STATS.name()));
                if (warmupObservations > 0) {
                    // A day before the measured load: its cameras' last windows have long closed.
                    long[] warmup =
                            write(
                                    broker.bootstrapServers(),
                                    t0.minus(Duration.ofDays(1)),
                                    warmupObservations);
                    try (AggregationApp app =
                            new AggregationApp(settings, new SimpleMeterRegistry())) {
                        start(app);
                        awaitWindows(consumer, windows(warmup), System.nanoTime());
                    }
                }
                long[] written = write(broker.bootstrapServers(), t0, observations);
                try (AggregationApp app = new AggregationApp(settings, new SimpleMeterRegistry())) {
                    start(app);
                    long start = System.nanoTime();
                    ThreadCpu cpuStart = ThreadCpu.now();
                    long[] out = awaitWindows(consumer, windows(written), start);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    ThreadCpu cpuEnd = ThreadCpu.now();
                    Map<String, Double> byPart = new LinkedHashMap<>();
                    cpuEnd.millisSince(cpuStart)
                            .forEach((part, millis) -> byPart.put(part.key, millis / 1000));
                    return new Result(
                            written[0],
                            written[1],
                            seconds,
                            (int) out[0],
                            out[1],
                            cpuEnd.processMillisSince(cpuStart) / 1000,
                            byPart.get(ThreadCpu.Part.AGGREGATION.key),
                            byPart,
                            cpuEnd.topThreadsSince(cpuStart, 8));
                }
            }
        } finally {
            deleteTree(stateDir);
        }
    }

    private static void start(AggregationApp app) throws InterruptedException {
        app.start();
        if (!app.awaitRunning(Duration.ofSeconds(60))) {
            throw new IllegalStateException("app not running: " + app.state());
        }
    }

    /** The windows a load written by {@link #write} emits: one per camera and minute. */
    private static int windows(long[] written) {
        return ((int) (written[2] / 60_000) + 1) * AggregationLoad.CAMERAS.length;
    }

    /**
     * Reads {@code audience-stats} until {@code expected} more windows are out.
     *
     * @return windows read, visitors in them
     */
    private static long[] awaitWindows(
            KafkaConsumer<String, AudienceStats> consumer, int expected, long start) {
        int windows = 0;
        long visitors = 0;
        while (windows < expected) {
            ConsumerRecords<String, AudienceStats> records = consumer.poll(Duration.ofMillis(200));
            for (var record : records) {
                windows++;
                visitors += record.value().getVisitors();
            }
            if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
                throw new IllegalStateException("only " + windows + " windows after 10 minutes");
            }
        }
        return new long[] {windows, visitors};
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
        AggregationLoad load = new AggregationLoad();
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
                millis = frame * AggregationLoad.FRAME_MILLIS;
                Instant time = AggregationLoad.time(t0, frame);
                for (String camera : AggregationLoad.CAMERAS) {
                    int people = AggregationLoad.people(frame);
                    for (int person = 0; person < people; person++) {
                        obs.send(
                                new ProducerRecord<>(
                                        obsTopic.name(),
                                        camera,
                                        load.observation(camera, person, frame, time)));
                        sent++;
                    }
                    framesOut.send(
                            new ProducerRecord<>(
                                    framesTopic.name(),
                                    camera,
                                    AggregationLoad.frame(camera, time, people)));
                    frames++;
                }
            }
            obs.flush();
            for (String camera : AggregationLoad.CAMERAS) {
                framesOut.send(
                        new ProducerRecord<>(
                                framesTopic.name(),
                                camera,
                                AggregationLoad.endOfStream(
                                        camera,
                                        t0.plusMillis(millis + AggregationLoad.FRAME_MILLIS))));
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

    /** The real topology in a {@code TopologyTestDriver}, single threaded. */
    static void driver(int observations) throws Exception {
        Instant t0 = Instant.parse("2026-03-02T10:00:00Z");
        Clock wallClock = Clock.fixed(t0.plus(Duration.ofDays(30)), ZoneOffset.UTC);
        Path stateDir = Files.createTempDirectory("aggregation-throughput");
        // The driver commits after every record; under exactly-once each commit also writes and
        // fsyncs a checkpoint, which then dominates. A broker-backed app commits once a second, so
        // measure the processing with at-least-once commits (same topology, same stores).
        Map<String, String> overrides =
                Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        AggregationOptions options = AggregationOptions.fromProperties(overrides);
        Map<String, Object> settings = new HashMap<>(overrides);
        settings.put(
                AggregationOptions.WINDOW_SIZE_MS, Long.toString(options.windowSize().toMillis()));
        settings.put(AggregationOptions.WINDOW_GRACE_MS, Long.toString(options.grace().toMillis()));
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Properties config = AggregationConfig.streamsConfig(settings);
        config.put(AggregationMetrics.METER_REGISTRY_CONFIG, new SimpleMeterRegistry());
        AggregationLoad load = new AggregationLoad();
        int warmup = Math.min(20_000, observations / 5);
        try (TopologyTestDriver driver =
                new TopologyTestDriver(
                        AudienceTopology.buildTopology(options, wallClock),
                        config,
                        wallClock.instant())) {
            TestInputTopic<String, FaceObservation> observationsIn =
                    driver.createInputTopic(
                            options.observations().name(),
                            options.observations().keySerde().serializer(),
                            options.observations().valueSerde().serializer());
            TestInputTopic<String, FrameProcessed> framesIn =
                    driver.createInputTopic(
                            options.framesProcessed().name(),
                            options.framesProcessed().keySerde().serializer(),
                            options.framesProcessed().valueSerde().serializer());
            var stats =
                    driver.createOutputTopic(
                            options.audienceStats().name(),
                            options.audienceStats().keySerde().deserializer(),
                            options.audienceStats().valueSerde().deserializer());
            var tracks =
                    driver.createOutputTopic(
                            options.trackSummaries().name(),
                            options.trackSummaries().keySerde().deserializer(),
                            options.trackSummaries().valueSerde().deserializer());
            long start = 0;
            int sent = 0;
            int frames = 0;
            long outputs = 0;
            for (long frame = 0; sent < observations + warmup; frame++) {
                if (sent >= warmup && start == 0) {
                    start = System.nanoTime();
                    sent = warmup;
                }
                Instant time = AggregationLoad.time(t0, frame);
                for (String camera : AggregationLoad.CAMERAS) {
                    int people = AggregationLoad.people(frame);
                    for (int person = 0; person < people; person++) {
                        // As a live stream would, but without moving the wall clock.
                        driver.advanceWallClockTime(Duration.ZERO);
                        observationsIn.pipeInput(
                                camera, load.observation(camera, person, frame, time));
                        sent++;
                    }
                    driver.advanceWallClockTime(Duration.ZERO);
                    framesIn.pipeInput(camera, AggregationLoad.frame(camera, time, people));
                    frames++;
                }
                if (frame % 1000 == 0) {
                    outputs +=
                            stats.readKeyValuesToList().size()
                                    + tracks.readKeyValuesToList().size();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "%d observations (+%d processed frames) in %.1f s: %.0f observations/s, %.0f records/s; %d outputs%n",
                    observations,
                    frames,
                    seconds,
                    observations / seconds,
                    (observations + frames * (double) observations / sent) / seconds,
                    outputs);
        } finally {
            deleteTree(stateDir);
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
