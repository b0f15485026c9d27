package io.headcount.testkit;

import io.headcount.broker.EmbeddedKafkaBroker;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * A real single-node Kafka broker (KRaft, in this JVM) for the tests of one class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withTopics(Topics.all());
 * }</pre>
 *
 * <p>The field must be {@code static}: the broker starts before the first test of the class (about
 * 3 s for the first broker of a JVM, well under 1 s after that) and stops after the last one.
 * {@code @Nested} classes share their enclosing class's broker.
 *
 * <p>{@link #produce} and {@link #consume} use the topic's own serdes, so tests read and write the
 * same bytes as the product. Consumers read {@code read_committed} from the beginning of the topic,
 * so records of aborted or still open transactions never show up.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {

    private static final Duration POLL = Duration.ofMillis(100);

    private final List<Topic<?, ?>> initialTopics;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private int partitions = EmbeddedKafkaBroker.DEFAULT_PARTITIONS;
    private EmbeddedKafkaBroker broker;
    private KafkaProducer<byte[], byte[]> producer;
    private String ownerId;

    private KafkaBrokerExtension(Collection<? extends Topic<?, ?>> topics) {
        this.initialTopics = List.copyOf(topics);
    }

    /** A broker without topics; create them with {@link #createTopics}. */
    public static KafkaBrokerExtension create() {
        return new KafkaBrokerExtension(List.of());
    }

    /** A broker with {@code topics} created before the first test, e.g. {@link Topics#all()}. */
    public static KafkaBrokerExtension withTopics(Collection<? extends Topic<?, ?>> topics) {
        return new KafkaBrokerExtension(topics);
    }

    /** Partitions of every topic this extension creates (default 1), e.g. 2 for parallel jobs. */
    public KafkaBrokerExtension withPartitions(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        this.partitions = partitions;
        return this;
    }

    /** A broker setting on top of the embedded broker's defaults. */
    public KafkaBrokerExtension withBrokerProperty(String name, String value) {
        brokerProperties.put(name, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (broker != null) {
            return; // a @Nested class of the class that started it
        }
        ownerId = context.getUniqueId();
        broker =
                EmbeddedKafkaBroker.builder()
                        .defaultPartitions(partitions)
                        .brokerProperties(brokerProperties)
                        .start();
        broker.createTopics(initialTopics);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker == null || !context.getUniqueId().equals(ownerId)) {
            return;
        }
        try {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        } finally {
            producer = null;
            broker.close();
            broker = null;
        }
    }

    /** The running broker, e.g. to create topics with other partition counts. */
    public EmbeddedKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException(
                    "The Kafka broker is not running: register KafkaBrokerExtension in a static @RegisterExtension field"
                            + " and use it from tests or @BeforeEach/@BeforeAll methods");
        }
        return broker;
    }

    /** The {@code bootstrap.servers} of the broker. */
    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** Creates topics with their own settings; existing ones are left as they are. */
    public void createTopics(Topic<?, ?>... topics) {
        broker().createTopics(Arrays.asList(topics), partitions);
    }

    /**
     * Settings for a producer of this broker: idempotent, {@code acks=all}, requests large enough
     * for a frame. A fresh mutable map: add serializers, a transactional id and so on.
     */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_FRAME_BYTES + 64 * 1024);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "testkit-producer-" + UUID.randomUUID());
        return config;
    }

    /**
     * Settings for a consumer of this broker in group {@code groupId}: from the earliest offset,
     * {@code read_committed}, no automatic offset commits.
     */
    public Map<String, Object> consumerConfig(String groupId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, Objects.requireNonNull(groupId, "groupId"));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    /** Writes one record with the topic's serdes and waits until the broker has it. */
    public <K, V> RecordMetadata produce(Topic<K, V> topic, K key, V value) {
        return produce(topic, key, value, null);
    }

    /** As {@link #produce(Topic, Object, Object)}, with the record's event timestamp. */
    public <K, V> RecordMetadata produce(Topic<K, V> topic, K key, V value, Instant timestamp) {
        RecordHeaders headers = new RecordHeaders();
        byte[] keyBytes = serialize(topic.keySerde().serializer(), topic.name(), headers, key);
        byte[] valueBytes =
                serialize(topic.valueSerde().serializer(), topic.name(), headers, value);
        return send(
                new ProducerRecord<>(
                        topic.name(),
                        null,
                        timestamp == null ? null : timestamp.toEpochMilli(),
                        keyBytes,
                        valueBytes,
                        headers));
    }

    /**
     * Writes raw bytes, e.g. a record no serde would produce, to check that the product sends it to
     * a dead-letter topic.
     */
    public RecordMetadata produceBytes(String topic, byte[] key, byte[] value) {
        return send(new ProducerRecord<>(topic, key, value));
    }

    /**
     * Reads {@code topic} from the beginning until at least {@code atLeast} records arrived, and
     * returns them (possibly more) in partition and offset order per partition. Fails the test if
     * fewer arrive within {@code timeout}.
     */
    public <K, V> List<ConsumerRecord<K, V>> consume(
            Topic<K, V> topic, int atLeast, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> raw = read(topic.name(), atLeast, timeout);
        if (raw.size() < atLeast) {
            Assertions.fail(
                    "Expected at least "
                            + atLeast
                            + " record(s) on topic '"
                            + topic.name()
                            + "' within "
                            + timeout
                            + " but only "
                            + raw.size()
                            + " arrived (read_committed, from the beginning)");
        }
        return decode(topic, raw);
    }

    /**
     * Reads {@code topic} from the beginning for the whole {@code duration}; returns all records.
     */
    public <K, V> List<ConsumerRecord<K, V>> consumeFor(Topic<K, V> topic, Duration duration) {
        return decode(topic, read(topic.name(), Integer.MAX_VALUE, duration));
    }

    /** As {@link #consume}, without decoding: the bytes as they are on the topic. */
    public List<ConsumerRecord<byte[], byte[]>> consumeBytes(
            String topic, int atLeast, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> raw = read(topic, atLeast, timeout);
        if (raw.size() < atLeast) {
            Assertions.fail(
                    "Expected at least "
                            + atLeast
                            + " record(s) on topic '"
                            + topic
                            + "' within "
                            + timeout
                            + " but only "
                            + raw.size()
                            + " arrived (read_committed, from the beginning)");
        }
        return raw;
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer =
                    new KafkaProducer<>(
                            producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private RecordMetadata send(ProducerRecord<byte[], byte[]> record) {
        try {
            return producer().send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while producing to " + record.topic(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Could not produce to topic '" + record.topic() + "'", e.getCause());
        }
    }

    /**
     * Reads from every partition of the topic without joining a group: no rebalance to wait for.
     */
    private List<ConsumerRecord<byte[], byte[]>> read(String topic, int atLeast, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        consumerConfig("testkit-" + UUID.randomUUID()),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException(
                        "Topic '"
                                + topic
                                + "' does not exist; create it first (createTopics / withTopics)");
            }
            List<TopicPartition> assigned =
                    partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            while (records.size() < atLeast) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                consumer.poll(left < POLL.toNanos() ? Duration.ofNanos(left) : POLL)
                        .forEach(records::add);
            }
        }
        return records;
    }

    private static <K, V> List<ConsumerRecord<K, V>> decode(
            Topic<K, V> topic, List<ConsumerRecord<byte[], byte[]>> raw) {
        Deserializer<K> keys = topic.keySerde().deserializer();
        Deserializer<V> values = topic.valueSerde().deserializer();
        List<ConsumerRecord<K, V>> decoded = new ArrayList<>(raw.size());
        for (ConsumerRecord<byte[], byte[]> record : raw) {
            K key;
            V value;
            try {
                key =
                        record.key() == null
                                ? null
                                : keys.deserialize(record.topic(), record.headers(), record.key());
                value =
                        record.value() == null
                                ? null
                                : values.deserialize(
                                        record.topic(), record.headers(), record.value());
            } catch (RuntimeException e) {
                throw new AssertionFailedError(
                        "Record at partition "
                                + record.partition()
                                + ", offset "
                                + record.offset()
                                + " of topic '"
                                + record.topic()
                                + "' does not decode with the topic's serdes: "
                                + e.getMessage(),
                        e);
            }
            decoded.add(
                    new ConsumerRecord<>(
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            record.timestamp(),
                            record.timestampType(),
                            record.serializedKeySize(),
                            record.serializedValueSize(),
                            key,
                            value,
                            record.headers(),
                            record.leaderEpoch()));
        }
        return decoded;
    }

    private static <T> byte[] serialize(
            Serializer<T> serializer, String topic, RecordHeaders headers, T data) {
        return data == null ? null : serializer.serialize(topic, headers, data);
    }
}
