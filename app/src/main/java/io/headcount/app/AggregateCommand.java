package io.headcount.app;

import io.headcount.aggregation.AggregationApp;
import io.headcount.aggregation.AggregationConfig;
import io.headcount.aggregation.store.StatsStoreOptions;
import io.headcount.aggregation.store.StatsStoreWriter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headcount aggregate}: the aggregation service of a deployment — the Kafka Streams app with
 * its REST API and {@code /metrics}, and, when {@value StatsStoreOptions#JDBC_URL} is set, the
 * writer that stores every closed window in PostgreSQL for the dashboards. Runs until stopped.
 */
@Command(
        name = "aggregate",
        header = "Runs the aggregation service: visitors, windows, REST API and stats store.",
        footer = {"", "Example:", "  bin/headcount aggregate --config aggregation.properties"},
        mixinStandardHelpOptions = true,
        description = {
            "Runs the aggregation service: tracks, visitors and per-window stats (Kafka Streams),",
            "the REST API and /metrics (headcount.aggregation.http.port), and the PostgreSQL stats",
            "store writer when headcount.store.jdbc.url is set. Runs until Ctrl-C / SIGTERM.",
            "The database password comes from HEADCOUNT_STORE_JDBC_PASSWORD, never from the file."
        })
final class AggregateCommand implements Callable<Integer> {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Settings (properties): bootstrap.servers, headcount.aggregation.*, headcount.store.*.")
    Path config;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "The Kafka cluster; overrides bootstrap.servers of the file and --set.")
    String bootstrapServers;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "A setting that overrides the file; repeatable.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> settings = new HashMap<>();
        if (config != null) {
            AggregationConfig.load(config)
                    .forEach((key, value) -> settings.put((String) key, value));
        }
        settings.putAll(overrides);
        if (bootstrapServers != null) {
            settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Optional<StatsStoreOptions> storeOptions;
        AggregationApp app;
        try {
            // The store's settings first: a mistake there then leaves no Streams client behind.
            storeOptions = StatsStoreOptions.ifConfigured(settings, System.getenv());
            app = new AggregationApp(settings, registry);
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("Bad aggregation settings: " + e.getMessage());
            return 2;
        }
        try (StopSignal stop = StopSignal.onShutdown("aggregate-shutdown", CLOSE_TIMEOUT);
                app;
                StatsStoreWriter store =
                        storeOptions
                                .map(options -> new StatsStoreWriter(options, registry))
                                .orElse(null)) {
            app.start();
            if (store != null) {
                store.start();
                app.reportInHealth("store", store::health);
                out.printf("Storing windows in %s%n", storeOptions.get().jdbcUrl());
            }
            app.httpPort()
                    .ifPresent(
                            port ->
                                    out.printf(
                                            "REST API and /metrics on port %d (OpenAPI at /openapi.json)%n",
                                            port));
            out.printf(
                    "Aggregating the topics of %s; Ctrl-C stops it.%n",
                    settings.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
            out.flush();
            while (!stop.await(Duration.ofSeconds(1))) {
                if (!app.state().isRunningOrRebalancing() && app.state() != State.CREATED) {
                    err.println("The aggregation app stopped: " + app.state());
                    return 1;
                }
                if (store != null && !store.isRunning()) {
                    err.println(
                            "The stats store writer stopped: "
                                    + store.failure().map(Throwable::toString).orElse("unknown"));
                    return 1;
                }
            }
            out.println("Stopping.");
            return 0;
        }
    }
}
