package io.headcount.aggregation.store;

import io.headcount.schemas.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the {@link StatsStoreWriter}. The password comes from the settings or, better, from
 * the environment variable {@value #PASSWORD_ENV}; never from a committed file.
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
 * @param retryBackoff wait before retrying a batch the database failed to take
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
        Map<String, Object> consumerOverrides,
        Map<String, Object> producerOverrides) {

    public static final String PREFIX = "headcount.store.";
    public static final String JDBC_URL = PREFIX + "jdbc.url";
    public static final String JDBC_USER = PREFIX + "jdbc.user";
    public static final String JDBC_PASSWORD = PREFIX + "jdbc.password";

    /**
     * A file holding the database password (e.g. a mounted secret; one trailing line break is
     * ignored); wins over {@value #JDBC_PASSWORD}, loses to {@value #PASSWORD_ENV}.
     */
    public static final String JDBC_PASSWORD_FILE = PREFIX + "jdbc.password.file";

    public static final String TOPIC = PREFIX + "topic";
    public static final String DEAD_LETTER_TOPIC = PREFIX + "dead.letter.topic";
    public static final String GROUP_ID = PREFIX + "group.id";
    public static final String BATCH_SIZE = PREFIX + "batch.size";
    public static final String MIGRATE = PREFIX + "migrate";
    public static final String POLL_TIMEOUT_MS = PREFIX + "poll.timeout.ms";
    public static final String RETRY_BACKOFF_MS = PREFIX + "retry.backoff.ms";
    public static final String CONSUMER_PREFIX = PREFIX + "consumer.";
    public static final String PRODUCER_PREFIX = PREFIX + "producer.";

    /** The same setting as the aggregation's, so one settings file gives both the same k. */
    public static final String SUPPRESSION_MIN_COUNT =
            "headcount.aggregation.suppression.min.count";

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

    /** Environment variable with the database password; wins over {@value #JDBC_PASSWORD}. */
    public static final String PASSWORD_ENV = "HEADCOUNT_STORE_JDBC_PASSWORD";

    public static final String DEFAULT_GROUP_ID = "headcount-stats-store";
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final int DEFAULT_SUPPRESSION_MIN_COUNT = 5;

    public StatsStoreOptions {
        requireText(bootstrapServers, BOOTSTRAP_SERVERS);
        requireText(jdbcUrl, JDBC_URL);
        requireText(topic, TOPIC);
        requireText(deadLetterTopic, DEAD_LETTER_TOPIC);
        requireText(groupId, GROUP_ID);
        if (batchSize < 1) {
            throw new IllegalArgumentException(
                    BATCH_SIZE + " must be at least 1, not " + batchSize);
        }
        if (suppressionMinCount < 1) {
            throw new IllegalArgumentException(
                    SUPPRESSION_MIN_COUNT + " must be at least 1, not " + suppressionMinCount);
        }
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
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
                Topics.AUDIENCE_STATS.name() + Topics.DEAD_LETTER_SUFFIX,
                DEFAULT_GROUP_ID,
                DEFAULT_BATCH_SIZE,
                DEFAULT_SUPPRESSION_MIN_COUNT,
                true,
                Duration.ofMillis(500),
                Duration.ofSeconds(5),
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
     * From a settings file's entries and the process environment. The password is the first set of
     * env {@value #PASSWORD_ENV}, the file named by {@value #JDBC_PASSWORD_FILE}, and {@value
     * #JDBC_PASSWORD}.
     *
     * @throws IllegalArgumentException for a missing required setting or an unreadable password
     *     file
     */
    public static StatsStoreOptions fromSettings(
            Map<String, ?> settings, Map<String, String> environment) {
        String topic = text(settings, TOPIC, Topics.AUDIENCE_STATS.name());
        String password = environment.get(PASSWORD_ENV);
        if (password == null || password.isEmpty()) {
            password = passwordFile(text(settings, JDBC_PASSWORD_FILE, null));
        }
        if (password == null) {
            password = text(settings, JDBC_PASSWORD, null);
        }
        return new StatsStoreOptions(
                text(settings, BOOTSTRAP_SERVERS, null),
                text(settings, JDBC_URL, null),
                text(settings, JDBC_USER, null),
                password,
                topic,
                text(settings, DEAD_LETTER_TOPIC, topic + Topics.DEAD_LETTER_SUFFIX),
                text(settings, GROUP_ID, DEFAULT_GROUP_ID),
                Integer.parseInt(text(settings, BATCH_SIZE, Integer.toString(DEFAULT_BATCH_SIZE))),
                Integer.parseInt(
                        text(
                                settings,
                                SUPPRESSION_MIN_COUNT,
                                Integer.toString(DEFAULT_SUPPRESSION_MIN_COUNT))),
                Boolean.parseBoolean(text(settings, MIGRATE, "true")),
                Duration.ofMillis(Long.parseLong(text(settings, POLL_TIMEOUT_MS, "500"))),
                Duration.ofMillis(Long.parseLong(text(settings, RETRY_BACKOFF_MS, "5000"))),
                withPrefix(settings, CONSUMER_PREFIX),
                withPrefix(settings, PRODUCER_PREFIX));
    }

    private static String passwordFile(String file) {
        if (file == null) {
            return null;
        }
        try {
            String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            return content.endsWith("\r\n")
                    ? content.substring(0, content.length() - 2)
                    : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    JDBC_PASSWORD_FILE + " names a file that cannot be read: " + file, e);
        }
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
                consumerOverrides,
                producerOverrides);
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

    private static String text(Map<String, ?> settings, String name, String fallback) {
        Object value = settings.get(name);
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        return value.toString().trim();
    }

    private static Map<String, Object> withPrefix(Map<String, ?> settings, String prefix) {
        Map<String, Object> picked = new HashMap<>();
        settings.forEach(
                (name, value) -> {
                    if (name.startsWith(prefix) && value != null) {
                        picked.put(name.substring(prefix.length()), value);
                    }
                });
        return picked;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("setting " + name + " is required");
        }
    }
}
