package io.headcount.aggregation.store;

import io.headcount.schemas.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the stats store consumes {@code AudienceStats}: the cluster, the topics, the consumer group,
 * the batches, and extra settings of its Kafka clients.
 */
public final class StoreKafkaOptions {

    /** Every stats store setting but the shared ones starts with it. */
    public static final String PREFIX = "headcount.store.";

    /** The Kafka cluster, the same setting as Kafka's own; required. */
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

    /** The topic of {@code AudienceStats} records; default {@code audience-stats}. */
    public static final String TOPIC = PREFIX + "topic";

    /** Where undecodable or invalid records go; default the topic's {@code <topic>.dlq}. */
    public static final String DEAD_LETTER_TOPIC = PREFIX + "dead.letter.topic";

    /** The consumer group; default {@value #DEFAULT_GROUP_ID}. */
    public static final String GROUP_ID = PREFIX + "group.id";

    /** Records per poll, and so per database transaction, at most; default 500. */
    public static final String BATCH_SIZE = PREFIX + "batch.size";

    /** How long one poll waits for records, in milliseconds; default 500. */
    public static final String POLL_TIMEOUT_MS = PREFIX + "poll.timeout.ms";

    /**
     * Wait before the first retry of a batch the database failed to take, in milliseconds; default
     * 1000. Each further failure in a row doubles the wait, up to {@value #RETRY_BACKOFF_MAX_MS}.
     */
    public static final String RETRY_BACKOFF_MS = PREFIX + "retry.backoff.ms";

    /** The longest wait between two retries, in milliseconds; default 30000. */
    public static final String RETRY_BACKOFF_MAX_MS = PREFIX + "retry.backoff.max.ms";

    /** Extra Kafka consumer settings: {@code headcount.store.consumer.<setting>}. */
    public static final String CONSUMER_PREFIX = PREFIX + "consumer.";

    /** Extra settings of the dead-letter producer: {@code headcount.store.producer.<setting>}. */
    public static final String PRODUCER_PREFIX = PREFIX + "producer.";

    public static final String DEFAULT_GROUP_ID = "headcount-stats-store";
    public static final int DEFAULT_BATCH_SIZE = 500;
    static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(500);
    static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);
    static final Duration DEFAULT_RETRY_BACKOFF_MAX = Duration.ofSeconds(30);

    private StoreKafkaOptions() {}

    /** The keys and their defaults; blank ones are unset. */
    static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(BOOTSTRAP_SERVERS, "");
        defaults.put(TOPIC, Topics.AUDIENCE_STATS.name());
        defaults.put(DEAD_LETTER_TOPIC, "");
        defaults.put(GROUP_ID, DEFAULT_GROUP_ID);
        defaults.put(BATCH_SIZE, Integer.toString(DEFAULT_BATCH_SIZE));
        defaults.put(POLL_TIMEOUT_MS, Long.toString(DEFAULT_POLL_TIMEOUT.toMillis()));
        defaults.put(RETRY_BACKOFF_MS, Long.toString(DEFAULT_RETRY_BACKOFF.toMillis()));
        defaults.put(RETRY_BACKOFF_MAX_MS, Long.toString(DEFAULT_RETRY_BACKOFF_MAX.toMillis()));
        return defaults;
    }

    /** The dead-letter topic of {@code topic}, the default of {@value #DEAD_LETTER_TOPIC}. */
    static String deadLettersOf(String topic) {
        return topic + Topics.DEAD_LETTER_SUFFIX;
    }

    /** The settings that start with {@code prefix}, without it, values as given. */
    static Map<String, Object> withPrefix(Map<String, ?> settings, String prefix) {
        Map<String, Object> picked = new HashMap<>();
        settings.forEach(
                (name, value) -> {
                    if (name.startsWith(prefix) && value != null) {
                        picked.put(name.substring(prefix.length()), value);
                    }
                });
        return picked;
    }

    /**
     * @throws IllegalArgumentException for a first wait that is not positive or a longest one
     *     shorter than the first
     */
    static void requireValid(Duration retryBackoff, Duration retryBackoffMax) {
        if (retryBackoff.isNegative() || retryBackoff.isZero()) {
            throw new IllegalArgumentException(
                    RETRY_BACKOFF_MS + " must be positive, not " + retryBackoff.toMillis());
        }
        if (retryBackoffMax.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException(
                    RETRY_BACKOFF_MAX_MS
                            + " ("
                            + retryBackoffMax.toMillis()
                            + ") must be at least "
                            + RETRY_BACKOFF_MS
                            + " ("
                            + retryBackoff.toMillis()
                            + ")");
        }
    }

    /**
     * @throws IllegalArgumentException for fewer than one record per batch
     */
    static void requireValid(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException(
                    BATCH_SIZE + " must be at least 1, not " + batchSize);
        }
    }
}
