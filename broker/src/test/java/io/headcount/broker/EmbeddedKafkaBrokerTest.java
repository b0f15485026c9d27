package io.headcount.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void recordsProducedAreConsumed() throws Exception {
        Topic<String, String> topic = stringTopic("round-trip");
        kafka.createTopics(List.of(topic));

        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic.name(), "camera-" + i, "frame-" + i))
                        .get();
            }
        }

        List<ConsumerRecord<String, String>> records = consume(topic.name(), 3, "read_uncommitted");
        assertThat(records)
                .extracting(ConsumerRecord::key)
                .containsExactly("camera-0", "camera-1", "camera-2");
        assertThat(records)
                .extracting(ConsumerRecord::value)
                .containsExactly("frame-0", "frame-1", "frame-2");
    }

    @Test
    void createTopicsUsesEachTopicsSettingsAndToleratesExistingTopics() throws Exception {
        kafka.createTopics(List.of(Topics.FRAMES, Topics.AUDIENCE_STATS));
        kafka.createTopics(Topics.all());

        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers()))) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).containsAll(Topics.all().stream().map(Topic::name).toList());

            ConfigResource frames =
                    new ConfigResource(ConfigResource.Type.TOPIC, Topics.FRAMES.name());
            Config config = admin.describeConfigs(List.of(frames)).all().get().get(frames);
            assertThat(config.get("retention.ms").value())
                    .isEqualTo(Topics.FRAMES.config().get("retention.ms"));
            assertThat(config.get("max.message.bytes").value())
                    .isEqualTo(Integer.toString(Topics.MAX_FRAME_BYTES));
            assertThat(
                            admin.describeTopics(List.of(Topics.FRAMES.name()))
                                    .allTopicNames()
                                    .get()
                                    .get(Topics.FRAMES.name())
                                    .partitions())
                    .hasSize(EmbeddedKafkaBroker.DEFAULT_PARTITIONS);
        }
    }

    @Test
    void createTopicsWithSeveralPartitions() throws Exception {
        Topic<String, String> topic = stringTopic("partitioned");
        kafka.createTopics(List.of(topic), 4);

        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers()))) {
            assertThat(
                            admin.describeTopics(List.of(topic.name()))
                                    .allTopicNames()
                                    .get()
                                    .get(topic.name())
                                    .partitions())
                    .hasSize(4);
        }
    }

    @Test
    void aFrameOfTheLargestAcceptedSizeFits() throws Exception {
        Topic<String, String> topic =
                stringTopic("big-frames")
                        .withConfig(
                                Map.of(
                                        "max.message.bytes",
                                        Integer.toString(Topics.MAX_FRAME_BYTES)));
        kafka.createTopics(List.of(topic));
        byte[] frame = new byte[Topics.MAX_FRAME_BYTES - 1024];
        new java.util.Random(7).nextBytes(frame);

        Map<String, Object> config = new java.util.HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_FRAME_BYTES + 64 * 1024);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            assertThat(
                            producer.send(new ProducerRecord<>(topic.name(), "camera", frame))
                                    .get()
                                    .serializedValueSize())
                    .isEqualTo(frame.length);
        }
    }

    @Test
    void readCommittedConsumersSeeCommittedButNotAbortedTransactions() throws Exception {
        Topic<String, String> topic = stringTopic("transactional");
        kafka.createTopics(List.of(topic));
        String transactionalId = "test-" + UUID.randomUUID();

        long started = System.nanoTime();
        try (KafkaProducer<String, String> producer =
                producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic.name(), "k", "aborted"));
            producer.flush(); // on the broker, so the abort marker is what hides it
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic.name(), "k", "committed-1"));
            producer.send(new ProducerRecord<>(topic.name(), "k", "committed-2"));
            producer.commitTransaction();
        }
        // Without single-replica transaction state settings, initTransactions() alone waits a
        // minute.
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isLessThan(Duration.ofSeconds(20));

        List<ConsumerRecord<String, String>> committed = consume(topic.name(), 2, "read_committed");
        assertThat(committed)
                .extracting(ConsumerRecord::value)
                .containsExactly("committed-1", "committed-2");
        List<ConsumerRecord<String, String>> everything =
                consume(topic.name(), 3, "read_uncommitted");
        assertThat(everything)
                .extracting(ConsumerRecord::value)
                .containsExactly("aborted", "committed-1", "committed-2");
    }

    @Test
    void topicsAreNotCreatedAutomatically() throws Exception {
        try (KafkaProducer<String, String> producer =
                producer(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500))) {
            assertThatThrownBy(
                            () ->
                                    producer.send(new ProducerRecord<>("no-such-topic", "k", "v"))
                                            .get())
                    .hasStackTraceContaining("not present in metadata");
        }
    }

    @Test
    void closeStopsTheBrokerFreesItsPortAndDeletesItsTemporaryData() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        int port = broker.port();
        Path logDir = broker.logDir();
        assertThat(FreePort.isFree(port)).isFalse();
        assertThat(logDir).isDirectory();

        broker.close();
        broker.close(); // idempotent

        assertThat(FreePort.isFree(port)).isTrue();
        assertThat(logDir).doesNotExist();
        assertThatThrownBy(() -> broker.createTopics(List.of(stringTopic("late"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aGivenLogDirectoryKeepsTopicsAndRecordsAcrossRestarts(@TempDir Path dir) throws Exception {
        Topic<String, String> topic = stringTopic("durable");
        int port = FreePort.pick();
        try (EmbeddedKafkaBroker first =
                EmbeddedKafkaBroker.builder().logDir(dir).port(port).start()) {
            assertThat(first.bootstrapServers()).isEqualTo("localhost:" + port);
            first.createTopics(List.of(topic));
            try (KafkaProducer<String, String> producer = producer(first, Map.of())) {
                producer.send(new ProducerRecord<>(topic.name(), "k", "kept")).get();
            }
        }
        assertThat(dir.resolve("meta.properties")).exists();

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().logDir(dir).start()) {
            second.createTopics(List.of(topic)); // already there: no error
            assertThat(consume(second, topic.name(), 1, "read_committed"))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("kept");
        }
        assertThat(Files.isDirectory(dir)).isTrue();
    }

    @Test
    void aTakenPortIsNamedBeforeKafkaStarts(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().logDir(dir).port(port).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Port " + port + " on localhost is taken (another broker?)");
            assertThat(dir.resolve("meta.properties")).doesNotExist();
        }
    }

    @Test
    void extraBrokerPropertiesOverrideTheDefaults() throws Exception {
        try (EmbeddedKafkaBroker broker =
                        EmbeddedKafkaBroker.builder()
                                .brokerProperty("log.retention.hours", "5")
                                .defaultPartitions(2)
                                .start();
                Admin admin =
                        Admin.create(
                                Map.of(
                                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        broker.bootstrapServers()))) {
            ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
            assertThat(
                            admin.describeConfigs(List.of(node))
                                    .all()
                                    .get()
                                    .get(node)
                                    .get("log.retention.hours")
                                    .value())
                    .isEqualTo("5");

            Topic<String, String> topic = stringTopic("two-partitions");
            broker.createTopics(List.of(topic));
            assertThat(
                            admin.describeTopics(List.of(topic.name()))
                                    .allTopicNames()
                                    .get()
                                    .get(topic.name())
                                    .partitions())
                    .hasSize(2);
        }
    }

    private static Topic<String, String> stringTopic(String prefix) {
        return new Topic<>(
                prefix + "-" + UUID.randomUUID(), Serdes.String(), Serdes.String(), Map.of());
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        return producer(kafka, extra);
    }

    private static KafkaProducer<String, String> producer(
            EmbeddedKafkaBroker broker, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> consume(
            String topic, int atLeast, String isolation) {
        return consume(kafka, topic, atLeast, isolation);
    }

    private static List<ConsumerRecord<String, String>> consume(
            EmbeddedKafkaBroker broker, String topic, int atLeast, String isolation) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        isolation);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // A short extra poll catches records that should not be there.
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        }
        return records;
    }
}
