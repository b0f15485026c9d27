package io.headcount.broker;

import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.TopicProvisioner;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) running inside
 * this JVM. The product's one-JVM embedded mode and the tests use it; it needs no Docker and no
 * Kafka test jars.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
 *   kafka.createTopics(Topics.all());
 *   ... kafka.bootstrapServers() ...
 * }
 * }</pre>
 *
 * <p>The broker is tuned for one node (internal topics with one replica, no auto-created topics, no
 * initial rebalance delay, records up to a full frame), so transactions, consumer groups and Kafka
 * Streams exactly-once work at once.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Partitions of a created topic unless the builder or the call says otherwise. */
    public static final int DEFAULT_PARTITIONS = 1;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int PORT_ATTEMPTS = 3;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaRaftServer server;
    private final int port;
    private final Path logDir;
    private final boolean deleteLogDirOnClose;
    private final int defaultPartitions;
    private final BrokerCredentials credentials;
    private final Path secretsDir;
    private Admin admin;
    private boolean closed;

    private EmbeddedKafkaBroker(
            KafkaRaftServer server,
            int port,
            Path logDir,
            boolean deleteLogDirOnClose,
            int defaultPartitions,
            BrokerCredentials credentials,
            Path secretsDir) {
        this.server = server;
        this.port = port;
        this.logDir = logDir;
        this.deleteLogDirOnClose = deleteLogDirOnClose;
        this.defaultPartitions = defaultPartitions;
        this.credentials = credentials;
        this.secretsDir = secretsDir;
    }

    /** Starts a broker on a free port with a temporary log directory. */
    public static EmbeddedKafkaBroker start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The {@code bootstrap.servers} value for clients, e.g. {@code localhost:40123}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** The port clients connect to. */
    public int port() {
        return port;
    }

    /** True when the broker runs with {@link BrokerSecurity} (SASL_SSL and ACLs). */
    public boolean secured() {
        return credentials != null;
    }

    /**
     * Kafka client properties (security protocol, SASL login, trust store) for {@code user} of a
     * {@linkplain #secured() secured} broker, with {@value BrokerSecurity#DEFAULT_MECHANISM}.
     */
    public Map<String, String> clientProperties(String user) {
        return clientProperties(user, BrokerSecurity.DEFAULT_MECHANISM);
    }

    /** As {@link #clientProperties(String)} with another SASL mechanism. */
    public Map<String, String> clientProperties(String user, String mechanism) {
        return requireCredentials().clientProperties(user, mechanism);
    }

    /**
     * The same login as {@link #clientProperties(String)}, as the product's security options
     * ({@code kafka.security.protocol}, {@code kafka.sasl.password-file}, ...) that every component
     * reads.
     */
    public Map<String, String> clientOptions(String user) {
        return clientOptions(user, BrokerSecurity.DEFAULT_MECHANISM);
    }

    public Map<String, String> clientOptions(String user, String mechanism) {
        return requireCredentials().clientOptions(user, mechanism);
    }

    /** Settings of an admin client with every right (the super user on a secured broker). */
    public Map<String, Object> adminConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (credentials != null) {
            config.putAll(credentials.clientProperties(BrokerSecurity.ADMIN, "PLAIN"));
        }
        return config;
    }

    private BrokerCredentials requireCredentials() {
        if (credentials == null) {
            throw new IllegalStateException(
                    "The broker on " + bootstrapServers() + " runs without security");
        }
        return credentials;
    }

    /** The folder holding the broker's data and metadata logs. */
    public Path logDir() {
        return logDir;
    }

    /**
     * Creates each topic with its own settings ({@link Topic#config()}), the default partition
     * count and one replica, and waits until every partition has a leader. Topics that already
     * exist are left as they are.
     */
    public void createTopics(Collection<? extends Topic<?, ?>> topics) {
        createTopics(topics, defaultPartitions);
    }

    /** As {@link #createTopics(Collection)}, with {@code partitions} partitions per new topic. */
    public synchronized void createTopics(
            Collection<? extends Topic<?, ?>> topics, int partitions) {
        ensureOpen();
        List<String> created =
                new TopicProvisioner(admin(), ADMIN_TIMEOUT).create(topics, partitions, (short) 1);
        if (!created.isEmpty()) {
            LOG.info("Created topics {} with {} partition(s)", created, partitions);
        }
    }

    /** Stops the broker and deletes its log directory if it was a temporary one. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        server.shutdown();
        server.awaitShutdown();
        if (deleteLogDirOnClose) {
            deleteRecursively(logDir);
        }
        if (secretsDir != null) {
            deleteRecursively(secretsDir);
        }
        LOG.info(
                "Kafka broker on {} stopped in {} ms",
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Adds every user's SCRAM credentials and waits until the broker knows them, so the first SCRAM
     * login succeeds. A failure stops the broker.
     */
    private void addScramUsers() {
        try {
            credentials.addScramUsers(admin());
            long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
            while (await(admin().describeUserScramCredentials().all()).size()
                    < credentials.userCount()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "SCRAM users not visible after " + ADMIN_TIMEOUT);
                }
                sleep(50);
            }
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Could not add the SCRAM users", e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The broker on " + bootstrapServers() + " is closed");
        }
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> config = adminConfig();
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-broker-admin");
            admin = Admin.create(config);
        }
        return admin;
    }

    private static <T> T await(KafkaFuture<T> future) throws ExecutionException {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The broker did not answer within " + ADMIN_TIMEOUT, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete Kafka log directory {}", root, e);
        }
    }

    /** Options of a broker; every one has a default. */
    public static final class Builder {
        private int port;
        private Path logDir;
        private int defaultPartitions = DEFAULT_PARTITIONS;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private BrokerSecurity security;

        private Builder() {}

        /**
         * Listens with SASL_SSL only and enforces ACLs (see {@link BrokerSecurity}); by default the
         * broker listens in plain text and allows everything.
         */
        public Builder security(BrokerSecurity security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        /** The client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Not a port: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Keeps the broker's data in {@code logDir}, which survives {@link #close()} and is reused
         * (not reformatted) by a later broker. By default the data go to a temporary folder that
         * {@code close()} deletes.
         */
        public Builder logDir(Path logDir) {
            this.logDir = Objects.requireNonNull(logDir, "logDir");
            return this;
        }

        /** Partitions of topics created by {@link EmbeddedKafkaBroker#createTopics(Collection)}. */
        public Builder defaultPartitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException(
                        "partitions must be at least 1, was " + partitions);
            }
            this.defaultPartitions = partitions;
            return this;
        }

        /**
         * A broker setting that overrides the defaults, e.g. {@code
         * log.retention.check.interval.ms}.
         */
        public Builder brokerProperty(String name, String value) {
            brokerProperties.put(
                    Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Several broker settings; see {@link #brokerProperty(String, String)}. */
        public Builder brokerProperties(Map<String, String> properties) {
            properties.forEach(this::brokerProperty);
            return this;
        }

        /**
         * Formats the storage if needed, starts the broker and returns once it serves clients.
         *
         * @throws IllegalStateException if the given {@link #port(int)} is taken
         */
        public EmbeddedKafkaBroker start() {
            long started = System.nanoTime();
            // Said plainly before Kafka starts: its own bind failure is pages of fatal errors.
            if (port != 0 && !FreePort.isFree(port)) {
                throw new IllegalStateException(
                        "Port " + port + " on localhost is taken (another broker?)");
            }
            boolean temporary = logDir == null;
            Path dir = temporary ? createTempDir("headcount-kafka-") : logDir.toAbsolutePath();
            Path secretsDir = null;
            try {
                BrokerCredentials credentials = null;
                if (security != null) {
                    secretsDir = createTempDir("headcount-kafka-secrets-");
                    credentials = BrokerCredentials.create(security, secretsDir);
                }
                int attempts = port == 0 ? PORT_ATTEMPTS : 1;
                for (int attempt = 1; ; attempt++) {
                    int brokerPort = port == 0 ? FreePort.pick() : port;
                    int controllerPort = FreePort.pick();
                    try {
                        Map<String, String> extra = new LinkedHashMap<>();
                        if (credentials != null) {
                            extra.putAll(credentials.brokerProperties(brokerPort, controllerPort));
                        }
                        extra.putAll(brokerProperties);
                        KafkaRaftServer server =
                                startServer(
                                        BrokerProperties.of(brokerPort, controllerPort, dir, extra),
                                        dir);
                        EmbeddedKafkaBroker broker =
                                new EmbeddedKafkaBroker(
                                        server,
                                        brokerPort,
                                        dir,
                                        temporary,
                                        defaultPartitions,
                                        credentials,
                                        secretsDir);
                        if (credentials != null) {
                            broker.addScramUsers();
                        }
                        LOG.info(
                                "Kafka broker listening on {} (controller on port {}, data in {}), started in {} ms",
                                broker.bootstrapServers(),
                                controllerPort,
                                dir,
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                        return broker;
                    } catch (RuntimeException e) {
                        if (attempt >= attempts || !causedByBindFailure(e)) {
                            throw e;
                        }
                        LOG.info(
                                "Port {} or {} was taken meanwhile; retrying with other ports",
                                brokerPort,
                                controllerPort);
                    }
                }
            } catch (RuntimeException e) {
                if (temporary) {
                    deleteRecursively(dir);
                }
                if (secretsDir != null) {
                    deleteRecursively(secretsDir);
                }
                throw e;
            }
        }

        private static KafkaRaftServer startServer(Map<String, String> properties, Path dir) {
            KafkaConfig config = new KafkaConfig(properties, false);
            formatIfNeeded(dir);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                server.shutdown();
                server.awaitShutdown();
                throw e;
            }
            return server;
        }

        /**
         * Writes meta.properties and the bootstrap metadata once; a reused folder keeps its
         * cluster.
         */
        private static void formatIfNeeded(Path dir) {
            if (Files.exists(dir.resolve("meta.properties"))) {
                return;
            }
            try {
                new Formatter()
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .setNodeId(BrokerProperties.NODE_ID)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setDirectories(List.of(dir.toString()))
                        .setMetadataLogDirectory(dir.toString())
                        .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
                        .run();
            } catch (Exception e) {
                throw new IllegalStateException("Could not format Kafka storage in " + dir, e);
            }
        }

        private static Path createTempDir(String prefix) {
            try {
                return Files.createTempDirectory(prefix);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "Could not create a temporary Kafka log directory", e);
            }
        }

        private static boolean causedByBindFailure(Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException) {
                    return true;
                }
            }
            return false;
        }
    }
}
