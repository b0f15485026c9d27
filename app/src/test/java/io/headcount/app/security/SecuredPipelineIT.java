package io.headcount.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.aggregation.AggregationApp;
import io.headcount.aggregation.AggregationOptions;
import io.headcount.broker.BrokerSecurity;
import io.headcount.broker.EmbeddedKafkaBroker;
import io.headcount.core.Windows;
import io.headcount.core.kafka.KafkaClientSecurity;
import io.headcount.inference.InferenceJob;
import io.headcount.inference.settings.CheckpointOptions;
import io.headcount.inference.settings.JobOptions;
import io.headcount.inference.settings.KafkaOptions;
import io.headcount.ingest.CameraRunner;
import io.headcount.ingest.CameraSettings;
import io.headcount.ingest.FrameTiming;
import io.headcount.ingest.RunSummary;
import io.headcount.ingest.publish.FramePublisher;
import io.headcount.ingest.publish.PublisherSettings;
import io.headcount.ingest.source.ImageFolderOptions;
import io.headcount.ingest.source.ImageFolderSource;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.FaceScenes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline against a broker that accepts only SASL_SSL and enforces ACLs: the gateway,
 * the inference job and the aggregation app each log in as their own user with only the rights
 * their work needs (as docs/security.md lists them), every face is still counted, and a user
 * without rights, or with a wrong password, is refused.
 */
class SecuredPipelineIT {

    private static final int[] FACES_PER_FRAME = new Random(20261128).ints(14, 0, 3).toArray();
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final String INFERENCE_GROUP = "secured-inference";
    private static final String INFERENCE_TRANSACTIONS = "secured-inference";
    private static final String AGGREGATION_ID = "secured-aggregation";

    @TempDir Path images;
    @TempDir Path state;

    @Test
    void everyComponentWorksWithItsOwnLeastRightsAndOthersAreRefused() throws Exception {
        FaceScenes.writeFrames(images, FACES_PER_FRAME);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (EmbeddedKafkaBroker kafka =
                EmbeddedKafkaBroker.builder()
                        .security(
                                BrokerSecurity.saslSsl(
                                        "gateway", "inference", "aggregation", "intruder"))
                        .start()) {
            kafka.createTopics(Topics.all());
            grantLeastRights(kafka);

            try (AggregationApp aggregation =
                    new AggregationApp(aggregationSettings(kafka), registry)) {
                aggregation.start();
                JobClient inference = startInference(kafka);
                try {
                    assertThat(aggregation.awaitRunning(Duration.ofMinutes(1))).isTrue();

                    RunSummary summary = publish(kafka, registry);
                    assertThat(summary.sent()).isEqualTo(FACES_PER_FRAME.length);

                    List<AudienceStats> windows =
                            awaitWindowsUpTo(kafka, windowStartOf(summary.lastCaptureTime()));
                    assertThat(windows.stream().mapToLong(AudienceStats::getFrames).sum())
                            .isEqualTo(FACES_PER_FRAME.length);
                    assertThat(windows.stream().mapToLong(AudienceStats::getFaceObservations).sum())
                            .isEqualTo(Arrays.stream(FACES_PER_FRAME).sum());
                } finally {
                    inference.cancel().get();
                }
            }

            assertIntruderIsRefused(kafka);
            assertGatewayCannotReadResults(kafka);
            assertWrongPasswordFails(kafka);
        }
    }

    /** The ACLs of docs/security.md, with this test's group and id prefixes. */
    private static void grantLeastRights(EmbeddedKafkaBroker kafka) throws Exception {
        String frames = Topics.FRAMES.name();
        String observations = Topics.FACE_OBSERVATIONS.name();
        String processed = Topics.FRAMES_PROCESSED.name();
        List<AclBinding> acls = new ArrayList<>();
        acls.add(allow("gateway", ResourceType.TOPIC, frames, AclOperation.WRITE));

        acls.add(allow("inference", ResourceType.TOPIC, frames, AclOperation.READ));
        acls.add(allow("inference", ResourceType.GROUP, INFERENCE_GROUP, AclOperation.READ));
        for (String output :
                List.of(
                        observations,
                        processed,
                        Topics.deadLettersOf(frames).name(),
                        Topics.DEAD_LETTERED_FRAMES.name())) {
            acls.add(allow("inference", ResourceType.TOPIC, output, AclOperation.WRITE));
            // The pooled transactional ids are found again by describing the producers of the
            // sink's topics, which takes READ.
            acls.add(allow("inference", ResourceType.TOPIC, output, AclOperation.READ));
        }
        acls.add(
                allowPrefixed(
                        "inference",
                        ResourceType.TRANSACTIONAL_ID,
                        INFERENCE_TRANSACTIONS,
                        AclOperation.WRITE));

        // The inference job's dead letters without the frames, for the camera health lines.
        acls.add(
                allow(
                        "aggregation",
                        ResourceType.TOPIC,
                        Topics.DEAD_LETTERED_FRAMES.name(),
                        AclOperation.READ));
        for (String input : List.of(observations, processed)) {
            acls.add(allow("aggregation", ResourceType.TOPIC, input, AclOperation.READ));
            acls.add(
                    allow(
                            "aggregation",
                            ResourceType.TOPIC,
                            Topics.deadLettersOf(input).name(),
                            AclOperation.WRITE));
        }
        for (String output : List.of(Topics.AUDIENCE_STATS.name(), Topics.TRACKS.name())) {
            acls.add(allow("aggregation", ResourceType.TOPIC, output, AclOperation.WRITE));
        }
        // Streams' own changelog and repartition topics, consumer group and transactions.
        acls.add(
                allowPrefixed("aggregation", ResourceType.TOPIC, AGGREGATION_ID, AclOperation.ALL));
        acls.add(
                allowPrefixed(
                        "aggregation", ResourceType.GROUP, AGGREGATION_ID, AclOperation.READ));
        acls.add(
                allowPrefixed(
                        "aggregation",
                        ResourceType.TRANSACTIONAL_ID,
                        AGGREGATION_ID,
                        AclOperation.WRITE));
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            admin.createAcls(acls).all().get();
        }
    }

    private Map<String, Object> aggregationSettings(EmbeddedKafkaBroker kafka) {
        Map<String, Object> settings = new HashMap<>(kafka.clientProperties("aggregation"));
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, AGGREGATION_ID);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        settings.put(AggregationOptions.WINDOW_SIZE_MS, Long.toString(WINDOW.toMillis()));
        settings.put(AggregationOptions.WINDOW_GRACE_MS, "5000");
        return settings;
    }

    /** The job reads its login as options: user, password file, trust store and its password. */
    private static JobClient startInference(EmbeddedKafkaBroker kafka) throws Exception {
        Map<String, String> options = new HashMap<>(kafka.clientOptions("inference"));
        assertThat(options)
                .doesNotContainKeys(KafkaClientSecurity.SECRET_KEYS.toArray(String[]::new));
        options.put(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        options.put(KafkaOptions.GROUP_ID, INFERENCE_GROUP);
        options.put(KafkaOptions.TRANSACTIONAL_ID_PREFIX, INFERENCE_TRANSACTIONS);
        options.put(CheckpointOptions.CHECKPOINT_INTERVAL_MS, "1000");
        options.put(CheckpointOptions.PARALLELISM, "1");
        options.put(CheckpointOptions.RESTART_ATTEMPTS, "0");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(new Configuration());
        return InferenceJob.runOn(env, JobOptions.fromMap(options));
    }

    /**
     * The gateway takes its login from the kafka.* security options among its producer settings.
     */
    private RunSummary publish(EmbeddedKafkaBroker kafka, SimpleMeterRegistry registry)
            throws Exception {
        PublisherSettings settings =
                PublisherSettings.of(kafka.bootstrapServers(), "secured-gateway")
                        .withOverrides(kafka.clientOptions("gateway"));
        try (ImageFolderSource source =
                        ImageFolderSource.open(images, ImageFolderOptions.defaults());
                FramePublisher publisher = new FramePublisher(settings, registry)) {
            CameraSettings camera =
                    CameraSettings.of(
                            "secured-site",
                            "cam-1",
                            "secured-gateway",
                            FrameTiming.asFastAsPossible(start(), 1));
            return new CameraRunner(camera, source, publisher, registry).run();
        }
    }

    private static List<AudienceStats> awaitWindowsUpTo(EmbeddedKafkaBroker kafka, Instant last)
            throws Exception {
        Map<String, Object> config = new HashMap<>(kafka.adminConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "secured-reader");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<AudienceStats> windows = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        try (KafkaConsumer<String, AudienceStats> consumer =
                new KafkaConsumer<>(
                        config,
                        Topics.AUDIENCE_STATS.keySerde().deserializer(),
                        Topics.AUDIENCE_STATS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.AUDIENCE_STATS.name()));
            while (windows.stream().noneMatch(stats -> stats.getWindowStart().equals(last))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "The window at " + last + " did not close; got " + windows);
                }
                consumer.poll(Duration.ofMillis(200))
                        .forEach(record -> windows.add(record.value()));
            }
        }
        return windows;
    }

    private static void assertIntruderIsRefused(EmbeddedKafkaBroker kafka) {
        try (KafkaProducer<byte[], byte[]> producer =
                producer(kafka.clientProperties("intruder"), kafka)) {
            assertThatThrownBy(
                            () ->
                                    producer.send(
                                                    new ProducerRecord<>(
                                                            Topics.FRAMES.name(),
                                                            new byte[1],
                                                            new byte[1]))
                                            .get())
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(AuthorizationException.class);
        }
        Map<String, Object> config = new HashMap<>(kafka.clientProperties("intruder"));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            assertThatThrownBy(() -> consumer.partitionsFor(Topics.AUDIENCE_STATS.name()))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    private static void assertGatewayCannotReadResults(EmbeddedKafkaBroker kafka) {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties("gateway"));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            assertThatThrownBy(() -> consumer.partitionsFor(Topics.AUDIENCE_STATS.name()))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    private static void assertWrongPasswordFails(EmbeddedKafkaBroker kafka) throws Exception {
        Map<String, String> options =
                new HashMap<>(kafka.clientOptions("gateway", "SCRAM-SHA-256"));
        Path wrong = Files.createTempFile("wrong", ".password");
        try {
            Files.writeString(wrong, "guessed\n");
            options.put(KafkaClientSecurity.SASL_PASSWORD_FILE, wrong.toString());
            Map<String, String> properties =
                    KafkaClientSecurity.from(options, name -> null).clientProperties();
            try (KafkaProducer<byte[], byte[]> producer = producer(properties, kafka)) {
                assertThatThrownBy(
                                () ->
                                        producer.send(
                                                        new ProducerRecord<>(
                                                                Topics.FRAMES.name(),
                                                                new byte[1],
                                                                new byte[1]))
                                                .get())
                        .cause()
                        .isInstanceOf(SaslAuthenticationException.class);
            }
        } finally {
            Files.deleteIfExists(wrong);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(
            Map<String, String> security, EmbeddedKafkaBroker kafka) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Event time ends about now and starts on a window boundary (as the run command does). */
    private static Instant start() {
        return Windows.recentStart(Duration.ofSeconds(FACES_PER_FRAME.length).plus(WINDOW), WINDOW);
    }

    private static Instant windowStartOf(Instant time) {
        return Windows.startOf(time, WINDOW);
    }

    private static AclBinding allow(
            String user, ResourceType type, String name, AclOperation operation) {
        return acl(user, type, name, PatternType.LITERAL, operation);
    }

    private static AclBinding allowPrefixed(
            String user, ResourceType type, String prefix, AclOperation operation) {
        return acl(user, type, prefix, PatternType.PREFIXED, operation);
    }

    private static AclBinding acl(
            String user,
            ResourceType type,
            String name,
            PatternType pattern,
            AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }
}
