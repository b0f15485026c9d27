package io.headcount.aggregation;

import io.headcount.aggregation.metrics.AggregationMetrics;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.TrackSummary;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The real topology, config and serdes in a {@link TopologyTestDriver}. The wall clock moves one
 * second before each record, as in a live stream, unless a test passes another step.
 */
final class TopologyHarness implements AutoCloseable {

    static final Duration WALL_CLOCK_STEP = Duration.ofSeconds(1);

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, FaceObservation> observations;
    private final TestInputTopic<String, byte[]> rawObservations;
    private final TestInputTopic<String, FrameProcessed> frames;
    private final TestInputTopic<String, byte[]> rawFrames;
    private final TestOutputTopic<String, AudienceStats> stats;
    private final TestOutputTopic<String, TrackSummary> tracks;
    private final TestOutputTopic<byte[], DeadLetter> deadLetters;
    private final TestOutputTopic<byte[], DeadLetter> frameDeadLetters;
    private final MeterRegistry registry;
    private boolean closed;

    TopologyHarness(
            AggregationOptions options,
            Clock frameTimeClock,
            MeterRegistry registry,
            Path stateDir) {
        this(options, frameTimeClock, registry, stateDir, Map.of());
    }

    /**
     * @param overrides settings that replace the production defaults
     */
    TopologyHarness(
            AggregationOptions options,
            Clock frameTimeClock,
            MeterRegistry registry,
            Path stateDir,
            Map<String, String> overrides) {
        this.registry = registry;
        Map<String, Object> settings = new HashMap<>(overrides);
        settings.put(
                AggregationOptions.WINDOW_SIZE_MS, Long.toString(options.windowSize().toMillis()));
        settings.put(AggregationOptions.WINDOW_GRACE_MS, Long.toString(options.grace().toMillis()));
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Properties config = AggregationConfig.streamsConfig(settings);
        config.put(AggregationMetrics.METER_REGISTRY_CONFIG, registry);
        this.driver =
                new TopologyTestDriver(
                        AudienceTopology.buildTopology(options, frameTimeClock),
                        config,
                        frameTimeClock.instant());
        Topic<String, FaceObservation> input = options.observations();
        this.observations =
                driver.createInputTopic(
                        input.name(),
                        input.keySerde().serializer(),
                        input.valueSerde().serializer());
        this.rawObservations =
                driver.createInputTopic(
                        input.name(), new StringSerializer(), new ByteArraySerializer());
        Topic<String, FrameProcessed> framesInput = options.framesProcessed();
        this.frames =
                driver.createInputTopic(
                        framesInput.name(),
                        framesInput.keySerde().serializer(),
                        framesInput.valueSerde().serializer());
        this.rawFrames =
                driver.createInputTopic(
                        framesInput.name(), new StringSerializer(), new ByteArraySerializer());
        this.stats =
                driver.createOutputTopic(
                        options.audienceStats().name(),
                        options.audienceStats().keySerde().deserializer(),
                        options.audienceStats().valueSerde().deserializer());
        this.tracks =
                driver.createOutputTopic(
                        options.trackSummaries().name(),
                        options.trackSummaries().keySerde().deserializer(),
                        options.trackSummaries().valueSerde().deserializer());
        this.deadLetters = deadLetterTopic(input.name());
        this.frameDeadLetters = deadLetterTopic(framesInput.name());
    }

    private TestOutputTopic<byte[], DeadLetter> deadLetterTopic(String sourceTopic) {
        Topic<byte[], DeadLetter> dlq = Topics.deadLettersOf(sourceTopic);
        return driver.createOutputTopic(
                dlq.name(), dlq.keySerde().deserializer(), dlq.valueSerde().deserializer());
    }

    /** Pipes an observation keyed by its camera, as the inference job writes it. */
    void pipe(FaceObservation observation) {
        pipe(observation, WALL_CLOCK_STEP);
    }

    /** As {@link #pipe(FaceObservation)}, with another wall-clock step: zero for a fast replay. */
    void pipe(FaceObservation observation, Duration wallClockStep) {
        driver.advanceWallClockTime(wallClockStep);
        observations.pipeInput(observation.getCamera(), observation);
    }

    void pipeBytes(String key, byte[] value) {
        driver.advanceWallClockTime(WALL_CLOCK_STEP);
        rawObservations.pipeInput(key, value);
    }

    /** Pipes a processed frame keyed by its camera, as the inference job writes it. */
    void pipe(FrameProcessed frame) {
        pipe(frame, WALL_CLOCK_STEP);
    }

    void pipe(FrameProcessed frame, Duration wallClockStep) {
        driver.advanceWallClockTime(wallClockStep);
        frames.pipeInput(frame.getCamera(), frame);
    }

    void pipeFrameBytes(String key, byte[] value) {
        driver.advanceWallClockTime(WALL_CLOCK_STEP);
        rawFrames.pipeInput(key, value);
    }

    /**
     * The options read from {@code settings} (as a properties file holds them), which also reach
     * Streams.
     */
    static TopologyHarness withSettings(
            Map<String, String> settings,
            Clock frameTimeClock,
            MeterRegistry registry,
            Path stateDir) {
        return new TopologyHarness(
                AggregationOptions.fromProperties(settings),
                frameTimeClock,
                registry,
                stateDir,
                settings);
    }

    List<KeyValue<String, TrackSummary>> tracks() {
        return tracks.readKeyValuesToList();
    }

    double meterCount(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    List<KeyValue<String, AudienceStats>> stats() {
        return stats.readKeyValuesToList();
    }

    /** Dead letters of {@code face-observations}. */
    List<KeyValue<byte[], DeadLetter>> deadLetters() {
        return deadLetters.readKeyValuesToList();
    }

    /** Dead letters of {@code frames-processed}. */
    List<KeyValue<byte[], DeadLetter>> frameDeadLetters() {
        return frameDeadLetters.readKeyValuesToList();
    }

    double deadLetterCount(String reason) {
        return deadLetterCount(Topics.FACE_OBSERVATIONS.name(), reason);
    }

    double deadLetterCount(String sourceTopic, String reason) {
        Counter counter =
                registry.find(AggregationMetrics.DEAD_LETTERS)
                        .tags("component", "aggregation", "topic", sourceTopic, "reason", reason)
                        .counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * Records not counted because their window had closed on their camera's clock; {@code kind}
     * {@code frame}, {@code observation} or {@code visitor}.
     */
    double lateRecords(String kind) {
        return meterCount(AggregationMetrics.LATE_RECORDS, "kind", kind);
    }

    /**
     * Pipes one frame as the inference job writes it, without moving the wall clock: its
     * observations, then its processed-frame record (faces = their number).
     */
    void pipeFrame(String site, String camera, Instant frameTime, FaceObservation... faces) {
        for (FaceObservation face : faces) {
            pipe(face, Duration.ZERO);
        }
        pipe(Frames.of(site, camera, frameTime, faces.length), Duration.ZERO);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Instant at(Instant base, double seconds) {
        return base.plusMillis(Math.round(seconds * 1000));
    }

    /** Idempotent: a test may close a harness before its fixture does. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            driver.close();
        }
    }
}
