package io.headcount.aggregation.store;

import io.headcount.core.options.OptionValues;
import io.headcount.schemas.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the {@link StatsStoreWriter}, by concern: the database ({@link StoreDatabaseOptions};
 * the password comes from the settings or, better, from the environment variable {@value
 * #PASSWORD_ENV}; never from a committed file), the consumption of the stats ({@link
 * StoreKafkaOptions}), and the aggregation's k of small-cell suppression.
 *
 * @param bootstrapServers the Kafka cluster
 * @param jdbcUrl e.g. {@code jdbc:postgresql://db:5432/headcount}
 * @param user the database user, or null for the driver's default
 * @param password the database password, or null (a server that trusts the client)
 * @param topic the topic of {@code AudienceStats} records
 * @param deadLetterTopic where undecodable or invalid records go
 * @param groupId the consumer group; offsets are committed after the database transaction
 * @param batchSize records per poll, and so per database transaction, at most
 * @param suppressionMinCount k of small-cell suppression, written to table {@code
 *     suppression_setting} at start so the views apply the same k as the aggregation
 * @param migrate whether {@code start()} applies the Flyway migrations first
 * @param pollTimeout how long one poll waits for records
 * @param retryBackoff wait before the first retry of a batch the database failed to take; each
 *     further failure in a row doubles it
 * @param retryBackoffMax the longest wait between two retries
 * @param consumerOverrides extra Kafka consumer settings ({@value #CONSUMER_PREFIX}*)
 * @param producerOverrides extra Kafka producer settings of the dead-letter producer ({@value
 *     #PRODUCER_PREFIX}*)
 */
public record StatsStoreOptions(
        String bootstrapServers,
        String jdbcUrl,
        String user,
        String password,
        String topic,
        String deadLetterTopic,
        String groupId,
        int batchSize,
        int suppressionMinCount,
        boolean migrate,
        Duration pollTimeout,
        Duration retryBackoff,
        Duration retryBackoffMax,
        Map<String, Object> consumerOverrides,
        Map<String, Object> producerOverrides) {

    // The keys, by concern; each class holds their documentation and defaults.

    public static final String PREFIX = StoreKafkaOptions.PREFIX;

    public static final String JDBC_URL = StoreDatabaseOptions.JDBC_URL;
    public static final String JDBC_USER = StoreDatabaseOptions.JDBC_USER;
    public static final String JDBC_PASSWORD = StoreDatabaseOptions.JDBC_PASSWORD;
    public static final String JDBC_PASSWORD_FILE = StoreDatabaseOptions.JDBC_PASSWORD_FILE;
    public static final String MIGRATE = StoreDatabaseOptions.MIGRATE;
    public static final String PASSWORD_ENV = StoreDatabaseOptions.PASSWORD_ENV;

    public static final String BOOTSTRAP_SERVERS = StoreKafkaOptions.BOOTSTRAP_SERVERS;
    public static final String TOPIC = StoreKafkaOptions.TOPIC;
    public static final String DEAD_LETTER_TOPIC = StoreKafkaOptions.DEAD_LETTER_TOPIC;
    public static final String GROUP_ID = StoreKafkaOptions.GROUP_ID;
    public static final String BATCH_SIZE = StoreKafkaOptions.BATCH_SIZE;
    public static final String POLL_TIMEOUT_MS = StoreKafkaOptions.POLL_TIMEOUT_MS;
    public static final String RETRY_BACKOFF_MS = StoreKafkaOptions.RETRY_BACKOFF_MS;
    public static final String RETRY_BACKOFF_MAX_MS = StoreKafkaOptions.RETRY_BACKOFF_MAX_MS;
    public static final String CONSUMER_PREFIX = StoreKafkaOptions.CONSUMER_PREFIX;
    public static final String PRODUCER_PREFIX = StoreKafkaOptions.PRODUCER_PREFIX;

    /** The same setting as the aggregation's, so one settings file gives both the same k. */
    public static final String SUPPRESSION_MIN_COUNT =
            "headcount.aggregation.suppression.min.count";

    public static final String DEFAULT_GROUP_ID = StoreKafkaOptions.DEFAULT_GROUP_ID;
    public static final int DEFAULT_BATCH_SIZE = StoreKafkaOptions.DEFAULT_BATCH_SIZE;
    public static final int DEFAULT_SUPPRESSION_MIN_COUNT = 5;

    public StatsStoreOptions {
        requireText(bootstrapServers, BOOTSTRAP_SERVERS);
        requireText(jdbcUrl, JDBC_URL);
        requireText(topic, TOPIC);
        requireText(deadLetterTopic, DEAD_LETTER_TOPIC);
        requireText(groupId, GROUP_ID);
        StoreKafkaOptions.requireValid(batchSize);
        if (suppressionMinCount < 1) {
            throw new IllegalArgumentException(
                    SUPPRESSION_MIN_COUNT + " must be at least 1, not " + suppressionMinCount);
        }
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(retryBackoffMax, "retryBackoffMax");
        StoreKafkaOptions.requireValid(retryBackoff, retryBackoffMax);
        consumerOverrides = Map.copyOf(consumerOverrides);
        producerOverrides = Map.copyOf(producerOverrides);
    }

    /** Defaults for everything but the broker and the database. */
    public static StatsStoreOptions of(
            String bootstrapServers, String jdbcUrl, String user, String password) {
        return new StatsStoreOptions(
                bootstrapServers,
                jdbcUrl,
                user,
                password,
                Topics.AUDIENCE_STATS.name(),
                StoreKafkaOptions.deadLettersOf(Topics.AUDIENCE_STATS.name()),
                DEFAULT_GROUP_ID,
                DEFAULT_BATCH_SIZE,
                DEFAULT_SUPPRESSION_MIN_COUNT,
                true,
                StoreKafkaOptions.DEFAULT_POLL_TIMEOUT,
                StoreKafkaOptions.DEFAULT_RETRY_BACKOFF,
                StoreKafkaOptions.DEFAULT_RETRY_BACKOFF_MAX,
                Map.of(),
                Map.of());
    }

    /**
     * The store's options when {@value #JDBC_URL} is set, else none: the one place that decides
     * from a settings map (a properties file's, say: any key type) whether a deployment stores
     * windows.
     *
     * @throws IllegalArgumentException as {@link #fromSettings}
     */
    public static Optional<StatsStoreOptions> ifConfigured(
            Map<?, ?> settings, Map<String, String> environment) {
        Map<String, Object> byName = new HashMap<>();
        settings.forEach((name, value) -> byName.put(String.valueOf(name), value));
        if (byName.get(JDBC_URL) == null) {
            return Optional.empty();
        }
        return Optional.of(fromSettings(byName, environment));
    }

    /**
     * From a settings file's entries (other keys are ignored; blank values are unset) and the
     * process environment, read through core's {@link OptionValues}. The password is the first set
     * of env {@value #PASSWORD_ENV}, the file named by {@value #JDBC_PASSWORD_FILE}, and {@value
     * #JDBC_PASSWORD}.
     *
     * @throws IllegalArgumentException for a missing required setting, a value that is not a
     *     number, or an unreadable password file
     */
    public static StatsStoreOptions fromSettings(
            Map<String, ?> settings, Map<String, String> environment) {
        OptionValues values = StoreValues.read(settings);
        String topic = values.string(TOPIC);
        String password = StoreDatabaseOptions.password(values, environment);
        String deadLetterTopic = StoreValues.optional(values, DEAD_LETTER_TOPIC);
        return new StatsStoreOptions(
                StoreValues.optional(values, BOOTSTRAP_SERVERS),
                StoreValues.optional(values, JDBC_URL),
                StoreValues.optional(values, JDBC_USER),
                password,
                topic,
                deadLetterTopic != null ? deadLetterTopic : StoreKafkaOptions.deadLettersOf(topic),
                values.string(GROUP_ID),
                StoreValues.whole(values, BATCH_SIZE),
                StoreValues.whole(values, SUPPRESSION_MIN_COUNT),
                StoreDatabaseOptions.migrate(values),
                values.millis(POLL_TIMEOUT_MS),
                values.millis(RETRY_BACKOFF_MS),
                values.millis(RETRY_BACKOFF_MAX_MS),
                StoreKafkaOptions.withPrefix(settings, CONSUMER_PREFIX),
                StoreKafkaOptions.withPrefix(settings, PRODUCER_PREFIX));
    }

    public StatsStoreOptions withGroupId(String newGroupId) {
        return new StatsStoreOptions(
                bootstrapServers,
                jdbcUrl,
                user,
                password,
                topic,
                deadLetterTopic,
                newGroupId,
                batchSize,
                suppressionMinCount,
                migrate,
                pollTimeout,
                retryBackoff,
                retryBackoffMax,
                consumerOverrides,
                producerOverrides);
    }

    public StatsStoreOptions withSuppressionMinCount(int k) {
        return new StatsStoreOptions(
                bootstrapServers,
                jdbcUrl,
                user,
                password,
                topic,
                deadLetterTopic,
                groupId,
                batchSize,
                k,
                migrate,
                pollTimeout,
                retryBackoff,
                retryBackoffMax,
                consumerOverrides,
                producerOverrides);
    }

    public StatsStoreOptions withRetryBackoff(Duration first, Duration longest) {
        return new StatsStoreOptions(
                bootstrapServers,
                jdbcUrl,
                user,
                password,
                topic,
                deadLetterTopic,
                groupId,
                batchSize,
                suppressionMinCount,
                migrate,
                pollTimeout,
                first,
                longest,
                consumerOverrides,
                producerOverrides);
    }

    /**
     * The wait before the retry that follows {@code failuresInARow} failures (1 for the first):
     * {@link #retryBackoff} doubled for each failure before it, at most {@link #retryBackoffMax}.
     */
    public Duration retryBackoffAfter(int failuresInARow) {
        int doublings = Math.min(Math.max(failuresInARow - 1, 0), 30);
        long millis = retryBackoff.toMillis() << doublings;
        return millis <= 0 || millis > retryBackoffMax.toMillis()
                ? retryBackoffMax
                : Duration.ofMillis(millis);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "StatsStoreOptions[bootstrapServers="
                + bootstrapServers
                + ", jdbcUrl="
                + jdbcUrl
                + ", user="
                + user
                + ", password="
                + (password == null ? "unset" : "***")
                + ", topic="
                + topic
                + ", deadLetterTopic="
                + deadLetterTopic
                + ", groupId="
                + groupId
                + ", batchSize="
                + batchSize
                + ", suppressionMinCount="
                + suppressionMinCount
                + ", migrate="
                + migrate
                + "]";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("setting " + name + " is required");
        }
    }
}
