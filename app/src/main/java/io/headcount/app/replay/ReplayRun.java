package io.headcount.app.replay;

import io.headcount.aggregation.AggregationApp;
import io.headcount.aggregation.AggregationOptions;
import io.headcount.core.Windows;
import io.headcount.inference.InferenceJob;
import io.headcount.inference.kafka.KafkaConnectors;
import io.headcount.inference.settings.CheckpointOptions;
import io.headcount.inference.settings.JobOptions;
import io.headcount.inference.settings.KafkaOptions;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.TrackSummary;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.settings.ModelOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A replay of a time range of {@code frames} through a candidate model set, in three steps that
 * each finish before the next starts, so the result depends on the frames alone:
 *
 * <ol>
 *   <li>the inference job (the production pipeline, on a local Flink cluster) reads the range
 *       ({@link ReplaySource}) and writes the candidate's observations and processed frames to its
 *       shadow topics, exactly once, and ends (a bounded source);
 *   <li>each camera's replayed stream is ended at the range end ({@link EndOfRange});
 *   <li>the aggregation app runs on the shadow topics (its own application id) until every window
 *       holding a replayed frame is on the shadow {@code audience-stats}; the end of stream closed
 *       them all, and with them every track, so the shadow {@code tracks} are complete too.
 * </ol>
 */
public final class ReplayRun {

    private static final Duration POLL = Duration.ofMillis(500);

    private final ReplaySettings settings;
    private final Consumer<String> log;

    public ReplayRun(ReplaySettings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
    }

    public ReplayResult run() throws Exception {
        long started = System.nanoTime();
        long deadline = started + settings.timeout().toNanos();
        ModelManifest manifest = ModelManifest.fromFile(settings.manifest());
        ShadowTopics topics = ShadowTopics.of(manifest.modelSet());
        Map<String, Object> aggregationBase = new HashMap<>(settings.aggregation());
        AggregationOptions aggregationOptions = AggregationOptions.fromProperties(aggregationBase);
        settings.range().requireAlignedTo(aggregationOptions.windowSize());
        if (settings.range().to().isAfter(Instant.now())) {
            throw new IllegalArgumentException(
                    "--to is in the future: a replay reads a range that has ended");
        }
        String runId = manifest.modelSet() + "-" + System.currentTimeMillis();
        JobOptions inference = inferenceOptions(topics, runId);
        Map<String, Object> client = new HashMap<>(KafkaConnectors.securityProperties(inference));
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        TopicReader reader = new TopicReader(client, settings.timeout());

        try (ReplayTopics admin = new ReplayTopics(client, settings.timeout())) {
            int partitions = admin.partitionsOf(inference.framesTopic());
            admin.recreate(topics, partitions);
            log.accept(
                    "Replaying "
                            + settings.range()
                            + " of "
                            + inference.framesTopic()
                            + " with model set "
                            + manifest.modelSet()
                            + " into "
                            + topics.names());

            runInference(inference, deadline);
            List<FrameProcessed> processed = reader.read(topics.framesProcessed(), Instant.EPOCH);
            Map<String, FrameProcessed> lastFrames = new LinkedHashMap<>();
            Set<String> windows = new HashSet<>();
            long frames = 0;
            for (FrameProcessed frame : processed) {
                String camera = frame.getSite() + "/" + frame.getCamera();
                lastFrames.merge(
                        camera,
                        frame,
                        (a, b) -> a.getFrameSequence() >= b.getFrameSequence() ? a : b);
                if (!frame.getEndOfStream()) {
                    frames++;
                    windows.add(windowKey(camera, frame.getFrameTime(), aggregationOptions));
                }
            }
            log.accept(
                    "Inference done: "
                            + frames
                            + " frames of "
                            + lastFrames.size()
                            + " cameras; aggregating "
                            + windows.size()
                            + " windows ...");
            if (frames == 0) {
                return new ReplayResult(topics, 0, 0, 0, 0, 0, 0, elapsed(started));
            }
            EndOfRange.write(
                    client, topics.framesProcessed(), lastFrames.values(), settings.range().to());

            String applicationId = "headcount-replay-" + runId;
            List<AudienceStats> stats;
            try {
                stats =
                        aggregate(
                                topics,
                                applicationId,
                                windows,
                                aggregationOptions,
                                reader,
                                deadline);
            } finally {
                admin.removeApplication(applicationId);
            }
            List<TrackSummary> tracks = reader.read(topics.tracks(), Instant.EPOCH);
            long observations = stats.stream().mapToLong(AudienceStats::getFaceObservations).sum();
            long visitors = stats.stream().mapToLong(AudienceStats::getVisitors).sum();
            return new ReplayResult(
                    topics,
                    lastFrames.size(),
                    frames,
                    observations,
                    stats.size(),
                    visitors,
                    tracks.size(),
                    elapsed(started));
        }
    }

    private JobOptions inferenceOptions(ShadowTopics topics, String runId) {
        Map<String, String> options = new HashMap<>();
        // Defaults a replay needs, which the caller may change.
        options.put(CheckpointOptions.PARALLELISM, "1");
        options.put(CheckpointOptions.CHECKPOINT_INTERVAL_MS, "1000");
        options.putAll(settings.inference());
        // What makes it a replay into the candidate's shadow topics, never production's.
        options.put(KafkaOptions.BOOTSTRAP_SERVERS, settings.bootstrapServers());
        options.put(ModelOptions.MODELS_MANIFEST, settings.manifest().toString());
        options.put(KafkaOptions.OBSERVATIONS_TOPIC, topics.observations().name());
        options.put(KafkaOptions.FRAMES_PROCESSED_TOPIC, topics.framesProcessed().name());
        options.put(KafkaOptions.DEAD_LETTERS_TOPIC, topics.frameDeadLetters().name());
        options.put(KafkaOptions.GROUP_ID, "headcount-replay-" + runId);
        options.put(KafkaOptions.TRANSACTIONAL_ID_PREFIX, "headcount-replay-" + runId);
        options.put(KafkaOptions.BOUNDED, "true");
        // A failed replay should fail, not retry in the background.
        options.put(CheckpointOptions.RESTART_ATTEMPTS, "0");
        return JobOptions.fromMap(options);
    }

    private void runInference(JobOptions options, long deadline) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment();
        InferenceJob.configure(env, options);
        JobClient job =
                new InferenceJob(
                                ReplaySource.of(options, settings.range()),
                                KafkaConnectors.observationsSink(options),
                                KafkaConnectors.framesProcessedSink(options),
                                KafkaConnectors.deadLettersSink(options),
                                options)
                        .executeAsync(env);
        try {
            job.getJobExecutionResult().get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            job.cancel();
            throw new IllegalStateException(
                    "The replay's inference job did not finish within " + settings.timeout(), e);
        }
    }

    private List<AudienceStats> aggregate(
            ShadowTopics topics,
            String applicationId,
            Set<String> expectedWindows,
            AggregationOptions options,
            TopicReader reader,
            long deadline)
            throws Exception {
        Path stateDir = Files.createTempDirectory("headcount-replay-");
        try (AggregationApp app =
                new AggregationApp(
                        aggregationSettings(topics, applicationId, stateDir),
                        new SimpleMeterRegistry())) {
            app.start();
            while (true) {
                List<AudienceStats> stats = reader.read(topics.audienceStats(), Instant.EPOCH);
                Set<String> emitted = new HashSet<>();
                stats.forEach(
                        window ->
                                emitted.add(
                                        windowKey(
                                                window.getSite() + "/" + window.getCamera(),
                                                window.getWindowStart(),
                                                options)));
                if (emitted.containsAll(expectedWindows)) {
                    return stats;
                }
                if (!app.state().isRunningOrRebalancing()
                        && app.state() != org.apache.kafka.streams.KafkaStreams.State.CREATED) {
                    throw new IllegalStateException(
                            "The replay's aggregation stopped: " + app.state());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "The replay's aggregation emitted "
                                    + emitted.size()
                                    + " of "
                                    + expectedWindows.size()
                                    + " windows within "
                                    + settings.timeout());
                }
                Thread.sleep(POLL.toMillis());
            }
        } finally {
            deleteQuietly(stateDir);
        }
    }

    private Map<String, Object> aggregationSettings(
            ShadowTopics topics, String applicationId, Path stateDir) {
        Map<String, Object> config = new HashMap<>(settings.aggregation());
        // Production's API, instance address and shared dead-letter topic are no replay's.
        config.keySet()
                .removeIf(
                        key ->
                                key.startsWith(AggregationOptions.PREFIX + "http.")
                                        || key.equals(StreamsConfig.APPLICATION_SERVER_CONFIG)
                                        || key.equals("errors.dead.letter.queue.topic.name"));
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(AggregationOptions.INPUT_TOPIC, topics.observations().name());
        config.put(AggregationOptions.FRAMES_TOPIC, topics.framesProcessed().name());
        config.put(AggregationOptions.OUTPUT_TOPIC, topics.audienceStats().name());
        config.put(AggregationOptions.TRACKS_TOPIC, topics.tracks().name());
        // A replay serves no camera health lines, and production's dead letters are not its own.
        config.put(AggregationOptions.DEAD_LETTERED_FRAMES_TOPIC, "");
        return config;
    }

    static String windowKey(String camera, Instant time, AggregationOptions options) {
        return camera + "/" + Windows.startOf(time, options.windowSize()).toEpochMilli();
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary folder: the system cleans it eventually
        }
    }
}
