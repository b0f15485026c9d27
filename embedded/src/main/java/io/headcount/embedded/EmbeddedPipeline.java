package io.headcount.embedded;

import io.headcount.aggregation.AggregationApp;
import io.headcount.aggregation.AggregationOptions;
import io.headcount.aggregation.api.ApiSettings;
import io.headcount.broker.EmbeddedKafkaBroker;
import io.headcount.inference.InferenceJob;
import io.headcount.inference.settings.CheckpointOptions;
import io.headcount.inference.settings.JobOptions;
import io.headcount.inference.settings.KafkaOptions;
import io.headcount.schemas.topics.Topics;
import io.headcount.vision.settings.FaceAnalysisOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole product in one JVM (DESIGN.md section 7, "Embedded"): an in-process Kafka broker, the
 * inference job on a local Flink mini-cluster and the aggregation app, wired to each other. Sources
 * publish to {@link #bootstrapServers()} like any gateway; results are read from the topics.
 */
public final class EmbeddedPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPipeline.class);

    /**
     * Exactly-once output becomes visible at each checkpoint, so this is the pipeline's latency
     * floor.
     */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    /**
     * Inference overrides with this prefix configure the local Flink cluster itself (e.g. {@code
     * flink.metrics.reporter.prom.factory.class}), the prefix removed.
     */
    public static final String FLINK_PREFIX = "flink.";

    private final EmbeddedKafkaBroker broker;
    private final AggregationApp aggregation;
    private final JobClient inference;
    private final Path stateDir;

    private EmbeddedPipeline(
            EmbeddedKafkaBroker broker,
            AggregationApp aggregation,
            JobClient inference,
            Path stateDir) {
        this.broker = broker;
        this.aggregation = aggregation;
        this.inference = inference;
        this.stateDir = stateDir;
    }

    /** Settings of an embedded run; every field has a default suited to a laptop. */
    public record Settings(
            Duration window,
            Duration grace,
            Duration checkpointInterval,
            Map<String, String> inferenceOverrides,
            MeterRegistry registry) {

        public Settings {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(grace, "grace");
            Objects.requireNonNull(checkpointInterval, "checkpointInterval");
            inferenceOverrides = Map.copyOf(inferenceOverrides);
            Objects.requireNonNull(registry, "registry");
        }

        public static Settings defaults(MeterRegistry registry) {
            return new Settings(
                    AggregationOptions.DEFAULT_WINDOW_SIZE,
                    AggregationOptions.DEFAULT_GRACE,
                    DEFAULT_CHECKPOINT_INTERVAL,
                    Map.of(),
                    registry);
        }

        public Settings withWindow(Duration newWindow, Duration newGrace) {
            return new Settings(
                    newWindow, newGrace, checkpointInterval, inferenceOverrides, registry);
        }

        public Settings withInferenceOverrides(Map<String, String> overrides) {
            return new Settings(window, grace, checkpointInterval, overrides, registry);
        }
    }

    /** Starts broker, topics, aggregation and inference; returns once all of them run. */
    public static EmbeddedPipeline start(Settings settings) throws Exception {
        return start(settings, false);
    }

    /**
     * As {@link #start(Settings)}, with the aggregation app's read-only HTTP API on a free port of
     * 127.0.0.1 ({@link #aggregationApiPort()}), e.g. for the demo page's totals.
     */
    public static EmbeddedPipeline startWithAggregationApi(Settings settings) throws Exception {
        return start(settings, true);
    }

    private static EmbeddedPipeline start(Settings settings, boolean aggregationApi)
            throws Exception {
        long started = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        AggregationApp aggregation = null;
        Path stateDir = null;
        try {
            broker.createTopics(Topics.all());
            stateDir = Files.createTempDirectory("headcount-streams-");
            Map<String, Object> aggregationConfig = aggregationSettings(broker, settings, stateDir);
            if (aggregationApi) {
                aggregationConfig.putIfAbsent(ApiSettings.PORT, "0");
                aggregationConfig.putIfAbsent(ApiSettings.HOST, "127.0.0.1");
                aggregationConfig.putIfAbsent(ApiSettings.ADVERTISED_HOST, "127.0.0.1");
            }
            aggregation = new AggregationApp(aggregationConfig, settings.registry());
            aggregation.start();
            JobClient inference = startInference(broker, settings);
            if (!aggregation.awaitRunning(Duration.ofMinutes(1))) {
                throw new IllegalStateException(
                        "The aggregation app did not reach RUNNING within a minute");
            }
            LOG.info(
                    "Embedded pipeline up in {} ms: Kafka at {}, inference job {}, aggregation {}",
                    (System.nanoTime() - started) / 1_000_000,
                    broker.bootstrapServers(),
                    inference.getJobID(),
                    aggregation.state());
            return new EmbeddedPipeline(broker, aggregation, inference, stateDir);
        } catch (Exception | Error e) {
            if (aggregation != null) {
                aggregation.close();
            }
            broker.close();
            deleteQuietly(stateDir);
            throw e;
        }
    }

    private static Map<String, Object> aggregationSettings(
            EmbeddedKafkaBroker broker, Settings settings, Path stateDir) {
        return aggregationSettings(broker.bootstrapServers(), settings, stateDir);
    }

    /**
     * The aggregation app's settings in the embedded mode; public for callers that run the app
     * themselves, e.g. in a process of its own that a fault-injection test kills and restarts.
     */
    public static Map<String, Object> aggregationSettings(
            String bootstrapServers, Settings settings, Path stateDir) {
        Map<String, Object> config = new HashMap<>();
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(AggregationOptions.WINDOW_SIZE_MS, Long.toString(settings.window().toMillis()));
        config.put(AggregationOptions.WINDOW_GRACE_MS, Long.toString(settings.grace().toMillis()));
        return config;
    }

    private static JobClient startInference(EmbeddedKafkaBroker broker, Settings settings)
            throws Exception {
        return submitInference(broker.bootstrapServers(), settings);
    }

    /**
     * Submits the inference job as the embedded mode runs it, on a local Flink cluster of its own;
     * public for callers that (re)submit it themselves, e.g. resuming from a retained checkpoint
     * named by {@code flink.execution.state-recovery.path} (the fault-injection tests).
     */
    public static JobClient submitInference(String bootstrapServers, Settings settings)
            throws Exception {
        Map<String, String> options = new HashMap<>();
        options.put(KafkaOptions.BOOTSTRAP_SERVERS, bootstrapServers);
        options.put(
                CheckpointOptions.CHECKPOINT_INTERVAL_MS,
                Long.toString(settings.checkpointInterval().toMillis()));
        options.put(CheckpointOptions.PARALLELISM, "1");
        // A failure in the embedded mode should be seen, not retried forever in the background.
        options.put(CheckpointOptions.RESTART_ATTEMPTS, "0");
        Map<String, String> flink = new HashMap<>();
        settings.inferenceOverrides()
                .forEach(
                        (key, value) -> {
                            if (key.startsWith(FLINK_PREFIX)) {
                                flink.put(key.substring(FLINK_PREFIX.length()), value);
                            } else {
                                options.put(key, value);
                            }
                        });
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(Configuration.fromMap(flink));
        return InferenceJob.runOn(env, JobOptions.fromMap(options));
    }

    /**
     * The face analysis (models, detector, attributes) the embedded inference job runs with {@code
     * inferenceOverrides}, checked as the job checks its options (unknown keys are refused), e.g.
     * to time the same models outside the job.
     */
    public static FaceAnalysisOptions faceAnalysis(Map<String, String> inferenceOverrides) {
        return JobOptions.fromMap(inferenceOverrides).analysis();
    }

    /** The port of the aggregation app's read-only HTTP API on 127.0.0.1, if started with it. */
    public int aggregationApiPort() {
        return aggregation
                .httpPort()
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "started without the aggregation API (startWithAggregationApi)"));
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The aggregation app's local state (RocksDB stores), e.g. to watch its size. */
    public Path stateDir() {
        return stateDir;
    }

    /** Fails if the inference job or the aggregation app has stopped on its own. */
    public void checkHealthy() throws Exception {
        var jobStatus = inference.getJobStatus().get();
        if (jobStatus.isGloballyTerminalState()) {
            throw new IllegalStateException("The inference job stopped: " + jobStatus);
        }
        var state = aggregation.state();
        if (!state.isRunningOrRebalancing()) {
            throw new IllegalStateException("The aggregation app stopped: " + state);
        }
    }

    @Override
    public void close() {
        try {
            inference.cancel().get();
        } catch (Exception e) {
            LOG.debug("Inference job already stopped", e);
        }
        aggregation.close();
        broker.close();
        deleteQuietly(stateDir);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            LOG.debug("Could not delete {}", dir, e);
        }
    }
}
