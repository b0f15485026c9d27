package io.headcount.aggregation.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.aggregation.metrics.AggregationMetrics;
import io.headcount.schemas.topics.Topic;
import io.headcount.testkit.KafkaBrokerExtension;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream thread really dies, on a real broker, under the app's {@link StreamThreadFailureHandler}
 * and with the app's client gauges ({@link AggregationMetrics#streamsClient}): what the alerts of
 * {@code dashboards/prometheus/alerts.yml} read must show it in Prometheus's text format.
 */
class StreamThreadFailureIT {

    private static final Topic<String, String> POISONED =
            new Topic<>("thread-failure-input", Serdes.String(), Serdes.String(), Map.of());

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @TempDir Path stateDir;

    @Test
    void aDeadThreadIsReplacedAndCountedThenTheClientShutsDownAndTheGaugesSaySo() throws Exception {
        KAFKA.createTopics(POISONED);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(POISONED.name(), Consumed.with(Serdes.String(), Serdes.String()))
                .foreach(
                        (key, value) -> {
                            throw new IllegalStateException("the test kills this stream thread");
                        });
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "thread-failure-it");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        // One replacement allowed: the replacing thread reads the same uncommitted record and
        // dies too, so the second failure shuts the client down.
        StreamThreadFailureHandler handler =
                new StreamThreadFailureHandler(
                        registry, 1, Duration.ofMinutes(5), Clock.systemUTC());
        try (KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
            streams.setUncaughtExceptionHandler(handler);
            AggregationMetrics.streamsClient(registry, streams, 1);
            streams.start();
            awaitState(streams, KafkaStreams.State.RUNNING);

            String running = registry.scrape();
            assertThat(running)
                    .contains(
                            gauge("headcount_streams_state", "state=\"RUNNING\"", 1),
                            gauge("headcount_streams_state", "state=\"ERROR\"", 0),
                            gauge("headcount_stream_threads_alive", null, 1),
                            gauge("headcount_stream_threads_configured", null, 1),
                            failures("REPLACE_THREAD", 0),
                            failures("SHUTDOWN_CLIENT", 0));

            KAFKA.produceBytes(
                    POISONED.name(),
                    "cam".getBytes(StandardCharsets.UTF_8),
                    "poison".getBytes(StandardCharsets.UTF_8));
            awaitState(streams, KafkaStreams.State.ERROR);

            String failed = registry.scrape();
            assertThat(failed)
                    .contains(
                            gauge("headcount_streams_state", "state=\"RUNNING\"", 0),
                            gauge("headcount_streams_state", "state=\"ERROR\"", 1),
                            gauge("headcount_stream_threads_alive", null, 0),
                            gauge("headcount_stream_threads_configured", null, 1),
                            failures("REPLACE_THREAD", 1),
                            failures("SHUTDOWN_CLIENT", 1));
        }
    }

    private static String gauge(String name, String label, int value) {
        return name
                + "{component=\"aggregation\""
                + (label == null ? "" : "," + label)
                + "} "
                + value
                + ".0";
    }

    private static String failures(String response, int value) {
        return "headcount_stream_thread_failures_total{component=\"aggregation\",response=\""
                + response
                + "\"} "
                + value
                + ".0";
    }

    private static void awaitState(KafkaStreams streams, KafkaStreams.State wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (streams.state() != wanted && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(streams.state()).isEqualTo(wanted);
    }
}
