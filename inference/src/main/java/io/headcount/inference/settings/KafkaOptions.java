package io.headcount.inference.settings;

import io.headcount.core.kafka.KafkaClientSecurity;
import io.headcount.schemas.topics.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The job's Kafka connection, topics, source and sink: {@code kafka.*}, {@code topic.*}, ... */
public final class KafkaOptions {

    /** Kafka bootstrap servers. Default {@code localhost:9092}. */
    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";

    /** Consumer group of the frames source (offsets are committed on checkpoints). */
    public static final String GROUP_ID = "kafka.group.id";

    /** Prefix of the sinks' transactional ids; unique per job on a Kafka cluster. */
    public static final String TRANSACTIONAL_ID_PREFIX = "kafka.transactional-id-prefix";

    /**
     * Producer transaction timeout; must exceed the checkpoint interval and stay under the broker
     * maximum.
     */
    public static final String TRANSACTION_TIMEOUT_MS = "kafka.transaction-timeout.ms";

    /** Input topic. Default {@code frames}. */
    public static final String FRAMES_TOPIC = "topic.frames";

    /** Output topic. Default {@code face-observations}. */
    public static final String OBSERVATIONS_TOPIC = "topic.face-observations";

    /**
     * One record per processed frame (with or without faces, and per end of stream). Default {@code
     * frames-processed}.
     */
    public static final String FRAMES_PROCESSED_TOPIC = "topic.frames-processed";

    /** Dead-letter topic. Default {@code frames.dlq}. */
    public static final String DEAD_LETTERS_TOPIC = "topic.dead-letters";

    /**
     * The dead letters again, without the frames' bytes, for the aggregation's camera health.
     * Default {@code dead-lettered-frames}.
     */
    public static final String DEAD_LETTERED_FRAMES_TOPIC = "topic.dead-lettered-frames";

    /**
     * Where to start without committed offsets: {@code committed} (else earliest), {@code
     * earliest}, {@code latest}.
     */
    public static final String STARTING_OFFSETS = "source.starting-offsets";

    /** {@code true}: read up to the end offsets seen at start, then finish (tests, replays). */
    public static final String BOUNDED = "source.bounded";

    /** {@code exactly-once} (transactions, committed on checkpoints) or {@code at-least-once}. */
    public static final String DELIVERY_GUARANTEE = "sink.delivery-guarantee";

    private KafkaOptions() {}

    /** Where the source starts on partitions without a committed offset of its group. */
    public enum StartingOffsets {
        COMMITTED,
        EARLIEST,
        LATEST;

        static StartingOffsets parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(BOOTSTRAP_SERVERS, "localhost:9092");
        defaults.put(GROUP_ID, "headcount-inference");
        defaults.put(TRANSACTIONAL_ID_PREFIX, "headcount-inference");
        defaults.put(TRANSACTION_TIMEOUT_MS, Long.toString(Duration.ofMinutes(10).toMillis()));
        defaults.put(FRAMES_TOPIC, Topics.FRAMES.name());
        defaults.put(OBSERVATIONS_TOPIC, Topics.FACE_OBSERVATIONS.name());
        defaults.put(FRAMES_PROCESSED_TOPIC, Topics.FRAMES_PROCESSED.name());
        defaults.put(DEAD_LETTERS_TOPIC, Topics.deadLettersOf(Topics.FRAMES.name()).name());
        defaults.put(DEAD_LETTERED_FRAMES_TOPIC, Topics.DEAD_LETTERED_FRAMES.name());
        defaults.put(STARTING_OFFSETS, "committed");
        defaults.put(BOUNDED, "false");
        defaults.put(DELIVERY_GUARANTEE, "exactly-once");
        // TLS/SASL of every Kafka client (kafka.security.protocol, kafka.sasl.*, kafka.ssl.*;
        // empty = unset); passwords as such only from the environment (KafkaClientSecurity).
        KafkaClientSecurity.OPTION_KEYS.forEach(key -> defaults.put(key, ""));
        return defaults;
    }

    static boolean exactlyOnce(String guarantee) {
        if (!guarantee.equals("exactly-once") && !guarantee.equals("at-least-once")) {
            throw new IllegalArgumentException(
                    DELIVERY_GUARANTEE + " must be exactly-once or at-least-once: " + guarantee);
        }
        return guarantee.equals("exactly-once");
    }
}
