package io.headcount.aggregation.store;

import io.headcount.core.kafka.KafkaClientSecurity;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.codec.AvroCodec;
import io.headcount.schemas.codec.RecordDecodingException;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code audience-stats} and stores each window in PostgreSQL (tables {@code
 * audience_window}, {@code audience_cell}; the roll-ups are views over them, so they are always
 * consistent with the windows and need no writes of their own).
 *
 * <p>At least once into the database, exactly once in effect: each poll's records go into one
 * database transaction of idempotent UPSERTs; the dead letters of the batch are flushed; only then
 * are the offsets committed. A crash in between redelivers the batch, and a redelivered window
 * leaves its rows as they are. The consumer reads {@code read_committed}: aborted output of the
 * exactly-once aggregation never reaches the tables.
 *
 * <p>Bad records (undecodable, invalid, or refused by the database for their data) go to the
 * dead-letter topic and are counted in {@value StoreMetrics#DEAD_LETTERS}; a batch the database
 * fails to take for any other reason (connection lost, server down) is retried from the same
 * offsets after a back-off that doubles with each failure in a row ({@link
 * StatsStoreOptions#retryBackoffAfter}). Nothing is committed meanwhile, so the windows wait in
 * Kafka: none is lost, and none is written twice. While it fails, {@value
 * StoreMetrics#UNREACHABLE_SECONDS} grows, {@value StoreMetrics#PENDING_WINDOWS} says how many
 * records wait, and {@link #health()} says {@value StoreHealth#DEGRADED}.
 */
public final class StatsStoreWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatsStoreWriter.class);

    /** SQLSTATE classes of errors caused by a record's data: 22 data exception, 23 integrity. */
    private static final List<String> DATA_ERROR_CLASSES = List.of("22", "23");

    private static final int VALIDATION_TIMEOUT_SECONDS = 5;

    private final StatsStoreOptions options;
    private final MeterRegistry registry;
    private final AvroCodec<AudienceStats> codec = AvroCodec.of(AudienceStats.class);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final StoreStatus status = new StoreStatus();

    private volatile boolean running;
    private volatile Throwable failure;
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> producer;
    private StoreDeadLetters deadLetters;
    private Connection connection;
    private Thread thread;
    private boolean closed;

    public StatsStoreWriter(StatsStoreOptions options, MeterRegistry registry) {
        this.options = options;
        this.registry = registry;
        StoreMetrics.bindGauges(registry, status);
    }

    /**
     * The way to run the store next to the aggregation app from one settings map (the app's own,
     * say): when {@value StatsStoreOptions#JDBC_URL} is set, a writer built from the settings
     * ({@link StatsStoreOptions#ifConfigured}) and already started; else none. The caller closes
     * it, after the app.
     *
     * @param environment the process environment ({@value StatsStoreOptions#PASSWORD_ENV})
     * @throws IllegalArgumentException for bad settings
     * @throws IllegalStateException if the database cannot be reached
     */
    public static Optional<StatsStoreWriter> startIfConfigured(
            Map<?, ?> settings, Map<String, String> environment, MeterRegistry registry) {
        return StatsStoreOptions.ifConfigured(settings, environment)
                .map(options -> started(new StatsStoreWriter(options, registry)));
    }

    private static StatsStoreWriter started(StatsStoreWriter writer) {
        try {
            writer.start();
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
        return writer;
    }

    /**
     * Applies the migrations (unless switched off), sets k, and starts consuming on a thread of its
     * own. Fails here if the database cannot be reached.
     */
    public synchronized void start() {
        if (thread != null || closed) {
            throw new IllegalStateException("A StatsStoreWriter starts once");
        }
        if (options.migrate()) {
            int applied =
                    StatsStoreSchema.migrate(options.jdbcUrl(), options.user(), options.password());
            LOG.info("Stats store schema up to date ({} migrations applied)", applied);
        }
        try {
            connection = connect();
            StatsStoreSchema.setSuppressionMinCount(connection, options.suppressionMinCount());
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not open the stats store at " + options.jdbcUrl(), e);
        }
        producer =
                new KafkaProducer<>(
                        producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
        deadLetters = new StoreDeadLetters(producer, options.deadLetterTopic(), registry);
        consumer =
                new KafkaConsumer<>(
                        consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = new Thread(this::run, "stats-store-writer");
        thread.start();
    }

    /** Whether the consuming thread is alive. */
    public boolean isRunning() {
        return thread != null && thread.isAlive();
    }

    /** Whether the database takes the batches, and how long it has not, for a health check. */
    public StoreHealth health() {
        return status.health(thread == null || isRunning());
    }

    /** What ended the consuming thread, if something did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /**
     * Stops consuming (the batch in progress finishes or is redelivered later) and frees
     * everything.
     */
    public synchronized void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        closing.countDown();
        if (thread != null) {
            consumer.wakeup();
            try {
                if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("The stats store writer did not stop within {}", timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(timeout);
        }
        closeConnection();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(options.topic()));
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(options.pollTimeout());
                if (records.isEmpty()) {
                    status.pendingWindows(lag());
                    continue;
                }
                try {
                    storeBatch(records);
                    consumer.commitSync(nextOffsets(records));
                    if (status.unreachableSeconds() > 0) {
                        LOG.info(
                                "The stats store takes batches again after {} s",
                                String.format("%.1f", status.unreachableSeconds()));
                    }
                    status.stored();
                    status.pendingWindows(lag());
                } catch (SQLException | KafkaException e) {
                    if (e instanceof WakeupException) {
                        throw (WakeupException) e;
                    }
                    int failures = status.failed(e);
                    Duration backoff = options.retryBackoffAfter(failures);
                    String message =
                            "Could not store a batch of {} records (failure {} in a row, {});"
                                    + " retrying from the same offsets in {}";
                    // The stack once per outage; a server that is down fails the same way each
                    // time.
                    if (failures == 1) {
                        LOG.warn(message, records.count(), failures, e.toString(), backoff, e);
                    } else {
                        LOG.warn(message, records.count(), failures, e.toString(), backoff);
                    }
                    StoreMetrics.batchFailures(registry, e).increment();
                    closeConnection();
                    rewind(records);
                    status.pendingWindows(Math.max(lag(), records.count()));
                    sleep(backoff);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("The stats store writer stopped", e);
        } finally {
            consumer.close();
            stopped.countDown();
        }
    }

    private void storeBatch(ConsumerRecords<byte[], byte[]> records) throws SQLException {
        // One row per window: the last record of a key in the batch wins, as it would in sequence.
        Map<WindowKey, Stored> windows = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            decodeAndCheck(record)
                    .ifPresent(
                            stats -> windows.put(WindowKey.of(stats), new Stored(record, stats)));
        }
        if (!windows.isEmpty()) {
            Connection db = connection();
            try {
                WindowUpserter.upsert(db, windows.values().stream().map(Stored::stats).toList());
                db.commit();
            } catch (SQLException e) {
                rollback(db);
                if (!isDataError(e)) {
                    throw e;
                }
                // Some record's data was refused: store one by one to find it, and dead-letter it
                // alone.
                storeOneByOne(db, windows.values());
            }
            StoreMetrics.windowsStored(registry).increment(windows.size());
        }
        deadLetters.flush();
    }

    private Optional<AudienceStats> decodeAndCheck(ConsumerRecord<byte[], byte[]> record) {
        AudienceStats stats;
        try {
            if (record.value() == null || record.value().length == 0) {
                deadLetters.send(
                        record,
                        StoreDeadLetters.STAGE_DECODE,
                        RecordDecodingException.Reason.EMPTY.name(),
                        "no value");
                return Optional.empty();
            }
            stats = codec.decode(record.value());
        } catch (RecordDecodingException e) {
            deadLetters.send(
                    record, StoreDeadLetters.STAGE_DECODE, e.reason().name(), e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            // A defect, not a reason the decoder knows: the record is still data, named by the
            // exception.
            deadLetters.send(
                    record,
                    StoreDeadLetters.STAGE_DECODE,
                    e.getClass().getSimpleName(),
                    e.getMessage());
            return Optional.empty();
        }
        Optional<String> rejection = StatsRecordCheck.rejection(stats);
        if (rejection.isPresent()) {
            deadLetters.send(
                    record,
                    StoreDeadLetters.STAGE_VALIDATE,
                    rejection.get(),
                    stats.getSite() + "/" + stats.getCamera() + "/" + stats.getWindowStart());
            return Optional.empty();
        }
        return Optional.of(stats);
    }

    private void storeOneByOne(Connection db, Iterable<Stored> windows) throws SQLException {
        for (Stored stored : windows) {
            try {
                WindowUpserter.upsert(db, List.of(stored.stats()));
                db.commit();
            } catch (SQLException e) {
                rollback(db);
                if (!isDataError(e)) {
                    throw e;
                }
                deadLetters.send(
                        stored.record(),
                        StoreDeadLetters.STAGE_STORE,
                        "DB_REJECTED_" + e.getSQLState(),
                        e.getMessage());
            }
        }
    }

    private static boolean isDataError(SQLException e) {
        // A JDBC batch reports the statement's own error as the next exception.
        for (SQLException sql = e; sql != null; sql = sql.getNextException()) {
            String state = sql.getSQLState();
            if (state != null
                    && state.length() >= 2
                    && DATA_ERROR_CLASSES.contains(state.substring(0, 2))) {
                return true;
            }
            if (sql.getNextException() == sql) {
                break;
            }
        }
        return false;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(
            ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> inPartition = records.records(partition);
            offsets.put(
                    partition,
                    new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /** Goes back to the batch's first records, so the next poll delivers it again. */
    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
        }
    }

    /**
     * The open connection, or a new one if the server closed it (a restart, a failover): one round
     * trip per batch, cheaper than failing the batch (the driver reports a connection lost in the
     * middle of a JDBC batch badly).
     */
    private Connection connection() throws SQLException {
        if (connection != null && !connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
            LOG.info("The database connection was closed; opening a new one");
            closeConnection();
        }
        if (connection == null) {
            connection = connect();
        }
        return connection;
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (options.user() != null) {
            properties.setProperty("user", options.user());
        }
        if (options.password() != null) {
            properties.setProperty("password", options.password());
        }
        properties.setProperty("ApplicationName", "headcount-" + StoreMetrics.COMPONENT);
        Connection opened = DriverManager.getConnection(options.jdbcUrl(), properties);
        opened.setAutoCommit(false);
        return opened;
    }

    private static void rollback(Connection db) {
        try {
            db.rollback();
        } catch (SQLException e) {
            LOG.debug("Rollback failed; the connection is dropped on the retry", e);
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the database connection failed", e);
            }
            connection = null;
        }
    }

    /**
     * Records between the consumer's position and the end of its partitions, as far as the consumer
     * knows (no request): after a rewind, every record not stored.
     */
    private long lag() {
        long lag = 0;
        for (TopicPartition partition : consumer.assignment()) {
            lag += consumer.currentLag(partition).orElse(0);
        }
        return lag;
    }

    /** Waits, or less if the writer is closed meanwhile. */
    private void sleep(Duration duration) {
        try {
            closing.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** TLS/SASL of the Kafka clients, from HEADCOUNT_KAFKA_* variables (docs/security.md). */
    private static Map<String, String> securityProperties() {
        return KafkaClientSecurity.fromEnvironment().clientProperties();
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(securityProperties());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, options.groupId());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, options.batchSize());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, options.groupId() + "-consumer");
        config.putAll(options.consumerOverrides());
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(securityProperties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, options.groupId() + "-dead-letters");
        config.putAll(options.producerOverrides());
        return config;
    }

    /** The primary key of {@code audience_window}. */
    private record WindowKey(String site, String camera, Instant windowStart, String modelSet) {
        static WindowKey of(AudienceStats stats) {
            return new WindowKey(
                    stats.getSite(),
                    stats.getCamera(),
                    stats.getWindowStart(),
                    stats.getModelSet());
        }
    }

    private record Stored(ConsumerRecord<byte[], byte[]> record, AudienceStats stats) {}
}
