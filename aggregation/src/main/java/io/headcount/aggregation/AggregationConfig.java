package io.headcount.aggregation;

import io.headcount.aggregation.errors.DeadLetterDeserializationHandler;
import io.headcount.aggregation.errors.DeadLetterProcessingHandler;
import io.headcount.aggregation.errors.DeadLetterProductionHandler;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings of the aggregation app: the values of a properties file, completed
 * with {@code putIfAbsent} defaults, so a file overrides any default and code never hides one.
 */
public final class AggregationConfig {

    public static final String APPLICATION_ID = "headcount-aggregation";

    /**
     * EOS v2 commits at most every second: windows are minutes long, and fewer transactions cost
     * less than the 100 ms Streams picks for exactly-once.
     */
    public static final long COMMIT_INTERVAL_MS = 1_000;

    /** Default state folder; a restart elsewhere restores the stores from their changelogs. */
    public static final String DEFAULT_STATE_DIR =
            Path.of(System.getProperty("java.io.tmpdir"), "headcount-aggregation-state").toString();

    private AggregationConfig() {}

    /** Reads a properties file (UTF-8). */
    public static Properties load(Path file) {
        Properties values = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            values.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the aggregation settings " + file, e);
        }
        return values;
    }

    /**
     * The Streams settings for {@code values} (a properties file's content, or settings from a
     * launcher). The {@code headcount.aggregation.*} options are validated here too, so a bad value
     * fails before any client starts.
     *
     * @throws org.apache.kafka.common.config.ConfigException naming the bad setting
     */
    public static Properties streamsConfig(Map<?, ?> values) {
        AggregationOptions.fromProperties(values);
        Properties config = new Properties();
        config.putAll(values);
        // TLS/SASL from kafka.security.*/kafka.sasl.*/kafka.ssl.* settings or HEADCOUNT_KAFKA_*
        // variables; raw security properties in the file win.
        io.headcount.core.kafka.KafkaClientSecurity.from(values, System::getenv)
                .clientProperties()
                .forEach(config::putIfAbsent);
        config.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        config.putIfAbsent(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.putIfAbsent(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(COMMIT_INTERVAL_MS));
        config.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, DEFAULT_STATE_DIR);
        config.putIfAbsent(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationHandler.class.getName());
        config.putIfAbsent(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterProcessingHandler.class.getName());
        config.putIfAbsent(
                StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterProductionHandler.class.getName());
        // Dead letters go to the dead-letter topic of each record's own source (<topic>.dlq),
        // chosen
        // by our handlers; the standard KIP-1034 setting errors.dead.letter.queue.topic.name is
        // left
        // unset, and when a file sets it, every dead letter goes to that one topic instead.
        return config;
    }
}
