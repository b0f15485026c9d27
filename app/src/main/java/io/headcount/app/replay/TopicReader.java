package io.headcount.app.replay;

import io.headcount.embedded.CommittedFeed;
import io.headcount.schemas.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic's committed records (read_committed) from the first record at or after a Kafka
 * timestamp up to the end offsets seen when the read starts, without a consumer group ({@link
 * CommittedFeed#committedConsumer}): a snapshot for replays and comparisons, which commit nothing.
 */
public final class TopicReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> clientConfig;
    private final Duration timeout;

    /**
     * @param clientConfig {@code bootstrap.servers} and any security settings of the cluster
     */
    public TopicReader(Map<String, Object> clientConfig, Duration timeout) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Every value of {@code topic} from Kafka timestamp {@code since} on, in partition order. */
    public <V> List<V> read(Topic<String, V> topic, Instant since) {
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic.name());
            if (partitions.isEmpty()) {
                return values;
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(partition -> query.put(partition, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start =
                    consumer.offsetsForTimes(query, timeout);
            List<TopicPartition> open = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = start.get(partition);
                long position = offset == null ? end.get(partition) : offset.offset();
                consumer.seek(partition, position);
                if (position < end.get(partition)) {
                    open.add(partition);
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!open.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "Could not read " + topic.name() + " to its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    values.add(
                            topic.valueSerde()
                                    .deserializer()
                                    .deserialize(topic.name(), record.value()));
                }
                // Transaction markers take offsets too: done once the position passes the end.
                open.removeIf(partition -> consumer.position(partition) >= end.get(partition));
            }
        }
        return values;
    }

    /** Whether {@code topicName} exists on the cluster. */
    public boolean exists(String topicName) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.listTopics(timeout).containsKey(topicName);
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topicName) {
        List<PartitionInfo> infos = consumer.listTopics(timeout).get(topicName);
        if (infos == null) {
            throw new IllegalArgumentException("No topic " + topicName + " on the cluster");
        }
        return infos.stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return CommittedFeed.committedConsumer(
                clientConfig, "headcount-replay-reader-" + UUID.randomUUID());
    }
}
