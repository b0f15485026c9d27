package io.headcount.aggregation;

import io.headcount.aggregation.api.ApiSettings;
import io.headcount.aggregation.api.AudienceApi;
import io.headcount.aggregation.api.WindowQueries;
import io.headcount.aggregation.errors.StreamThreadFailureHandler;
import io.headcount.aggregation.metrics.AggregationMetrics;
import io.headcount.aggregation.metrics.CameraHealth;
import io.headcount.aggregation.metrics.DeadLetteredFramesReader;
import io.headcount.aggregation.settings.HealthOptions;
import io.headcount.aggregation.settings.TopicOptions;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregation service: reads {@code face-observations} and {@code frames-processed}, follows
 * tracks, and writes one {@code tracks} record per visitor (confirmed track) and one {@code
 * audience-stats} record per site, camera and closed window that saw frames or faces. A launcher
 * creates it from settings, calls {@link #start()} and later {@link #close()}, and reads results
 * from the output topic.
 *
 * <p>With {@value ApiSettings#PORT} set, it also serves the emitted windows, their totals, its
 * health and Prometheus metrics over HTTP ({@link AudienceApi}).
 *
 * <p>Usage: {@code AggregationApp <settings.properties>}; the file holds Kafka Streams settings (at
 * least {@code bootstrap.servers}) and the {@code headcount.aggregation.*} options.
 */
public final class AggregationApp implements AutoCloseable {

    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(AggregationApp.class);

    private final AggregationOptions options;
    private final Topology topology;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final MeterRegistry meters;
    private final List<Meter> clientGauges;
    private final AudienceApi api;
    private final CameraHealth cameraHealth;
    private final DeadLetteredFramesReader inferenceDeadLetters;
    private boolean closed;

    /**
     * @param settings Streams settings and {@code headcount.aggregation.*} options; defaults fill
     *     the rest ({@link AggregationConfig#streamsConfig})
     * @param registry where dead-letter counters, thread failures and the Kafka Streams client
     *     metrics are registered
     * @throws org.apache.kafka.common.config.ConfigException naming a bad setting
     */
    public AggregationApp(Map<?, ?> settings, MeterRegistry registry) {
        this.options = AggregationOptions.fromProperties(settings);
        Properties config = AggregationConfig.streamsConfig(settings);
        Optional<ApiSettings> http = ApiSettings.from(settings);
        MeterRegistry meters = registry;
        PrometheusMeterRegistry prometheus = null;
        if (http.isPresent()) {
            prometheus =
                    registry instanceof PrometheusMeterRegistry given
                            ? given
                            : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            // Everything counted reaches the caller's registry and /metrics alike.
            meters =
                    prometheus == registry
                            ? registry
                            : new CompositeMeterRegistry(
                                    Clock.SYSTEM, List.of(registry, prometheus));
        }
        config.put(AggregationMetrics.METER_REGISTRY_CONFIG, meters);
        this.meters = meters;
        this.cameraHealth = new CameraHealth(HealthOptions.thresholds(settings));
        config.put(CameraHealth.CONFIG, cameraHealth);
        this.topology = AudienceTopology.buildTopology(options);
        // The API binds first: with port 0, application.server can only name the port once bound.
        this.api =
                http.map(
                                api ->
                                        new AudienceApi(
                                                api.host(),
                                                api.port(),
                                                this::state,
                                                options.minCellCount()))
                        .orElse(null);
        try {
            if (api != null) {
                config.putIfAbsent(
                        StreamsConfig.APPLICATION_SERVER_CONFIG,
                        http.get().advertisedHost() + ":" + api.port());
            }
            this.streams = new KafkaStreams(topology, config);
            streams.setUncaughtExceptionHandler(StreamThreadFailureHandler.withDefaults(meters));
            this.streamsMetrics =
                    new KafkaStreamsMetrics(
                            streams, Tags.of("component", AggregationMetrics.COMPONENT));
            streamsMetrics.bindTo(meters);
            this.clientGauges =
                    AggregationMetrics.streamsClient(meters, streams, configuredThreads(config));
            Optional<String> deadLetteredFrames = TopicOptions.deadLetteredFrames(settings);
            this.inferenceDeadLetters =
                    deadLetteredFrames.isEmpty()
                            ? null
                            : new DeadLetteredFramesReader(
                                    deadLetteredFrames.get(),
                                    config,
                                    config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)
                                            + "-dead-lettered-frames",
                                    cameraHealth,
                                    meters);
            if (api != null) {
                api.serve(
                        new WindowQueries(
                                streams,
                                AudienceTopology.STATS_STORE,
                                AudienceTopology.TOTALS_STORE,
                                HostInfo.buildFromEndpoint(
                                        config.getProperty(
                                                StreamsConfig.APPLICATION_SERVER_CONFIG))),
                        prometheus,
                        cameraHealth);
            }
        } catch (RuntimeException e) {
            if (api != null) {
                api.close();
            }
            throw e;
        }
    }

    /** The bound port of the HTTP API, if {@value ApiSettings#PORT} is set. */
    public OptionalInt httpPort() {
        return api == null ? OptionalInt.empty() : OptionalInt.of(api.port());
    }

    /**
     * Adds a part to the health answer of the HTTP API, if it runs ({@link
     * AudienceApi#reportInHealth}); e.g. the stats store's health, which runs next to the app.
     */
    public void reportInHealth(String name, Supplier<?> part) {
        if (api != null) {
            api.reportInHealth(name, part);
        }
    }

    /** Counts into Micrometer's global registry. */
    public AggregationApp(Map<?, ?> settings) {
        this(settings, Metrics.globalRegistry);
    }

    /** What this instance saw of each camera lately (the REST API's health lines). */
    public CameraHealth cameraHealth() {
        return cameraHealth;
    }

    public AggregationOptions options() {
        return options;
    }

    public Topology topology() {
        return topology;
    }

    public KafkaStreams.State state() {
        // The API asks while the constructor is still creating the Streams client.
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    /** Starts processing in background threads; returns at once. */
    public synchronized void start() {
        LOG.info(
                "Starting aggregation: {} + {} -> {} + {}, windows of {} with grace {}, {}",
                options.observations().name(),
                options.framesProcessed().name(),
                options.trackSummaries().name(),
                options.audienceStats().name(),
                options.windowSize(),
                options.grace(),
                options.tracks());
        streams.start();
        if (inferenceDeadLetters != null) {
            inferenceDeadLetters.start();
        }
    }

    /**
     * Waits until the app processes (state RUNNING).
     *
     * @return false if {@code timeout} passed first or the app stopped or failed
     */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Stops within {@link #DEFAULT_CLOSE_TIMEOUT}. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Stops processing, commits, leaves the consumer group and releases clients and local state.
     * Idempotent.
     *
     * @return whether every thread stopped within {@code timeout}
     */
    public synchronized boolean close(Duration timeout) {
        if (closed) {
            return true;
        }
        closed = true;
        if (inferenceDeadLetters != null) {
            inferenceDeadLetters.close();
        }
        // Leaving the group hands its partitions on at once: a restarted or surviving instance
        // would otherwise wait out this member's session (45 s by default) before it processes.
        boolean stopped =
                streams.close(
                        CloseOptions.groupMembershipOperation(
                                        CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                                .withTimeout(timeout));
        streamsMetrics.close();
        // Gone with the client: a later app on the same registry registers its own.
        clientGauges.forEach(meters::remove);
        if (api != null) {
            api.close();
        }
        if (!stopped) {
            LOG.warn("Aggregation did not stop within {}", timeout);
        }
        return stopped;
    }

    private static int configuredThreads(Properties config) {
        Object threads =
                config.getOrDefault(
                        StreamsConfig.NUM_STREAM_THREADS_CONFIG,
                        StreamsConfig.configDef()
                                .defaultValues()
                                .get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
        return Integer.parseInt(String.valueOf(threads));
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("Usage: AggregationApp <settings.properties>");
            System.exit(2);
        }
        AggregationApp app = new AggregationApp(AggregationConfig.load(Path.of(args[0])));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    app.close();
                                    stopped.countDown();
                                },
                                "aggregation-shutdown"));
        app.start();
        stopped.await();
    }
}
