package io.headcount.app.faults;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the live entries of every Kafka Streams state store from its changelog topic, the store's
 * source of truth: a key-value store holds each key whose last record is not a tombstone; a window
 * store (changelog with {@code cleanup.policy} including {@code delete}) holds the keys written
 * within its retention of the newest record. Unlike the state folder's size or RocksDB's key
 * estimate, this counts what is still in memtables and does not count overwrites twice.
 */
final class ChangelogCensus implements AutoCloseable {

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration windowRetention;
    private final Map<String, Boolean> windowed = new HashMap<>();
    private final Map<String, Map<ByteBuffer, Long>> live = new HashMap<>();
    private final Map<String, Long> newest = new HashMap<>();

    ChangelogCensus(String bootstrapServers, Duration windowRetention) {
        this.windowRetention = windowRetention;
        this.admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
    }

    /** Live entries per changelog topic, after reading each up to its current end. */
    Map<String, Long> liveEntries() throws ExecutionException, InterruptedException {
        followNewChangelogs();
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                Map<ByteBuffer, Long> entries = live.get(record.topic());
                ByteBuffer key = ByteBuffer.wrap(record.key());
                if (record.value() == null) {
                    entries.remove(key);
                } else {
                    entries.put(key, record.timestamp());
                    newest.merge(record.topic(), record.timestamp(), Math::max);
                }
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        live.forEach(
                (topic, entries) -> {
                    if (windowed.get(topic)) {
                        long oldest = newest.getOrDefault(topic, 0L) - windowRetention.toMillis();
                        entries.values().removeIf(timestamp -> timestamp < oldest);
                    }
                    counts.put(topic, (long) entries.size());
                });
        return counts;
    }

    private void followNewChangelogs() throws ExecutionException, InterruptedException {
        List<String> added = new ArrayList<>();
        for (String topic : admin.listTopics().names().get()) {
            if (topic.endsWith("-changelog") && !live.containsKey(topic)) {
                added.add(topic);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        for (String topic : added) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            windowed.put(
                    topic,
                    config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value().contains("delete"));
            live.put(topic, new HashMap<>());
        }
        List<TopicPartition> partitions = new ArrayList<>(consumer.assignment());
        List<TopicPartition> fresh = new ArrayList<>();
        for (String topic : added) {
            consumer.partitionsFor(topic)
                    .forEach(p -> fresh.add(new TopicPartition(topic, p.partition())));
        }
        partitions.addAll(fresh);
        consumer.assign(partitions);
        consumer.seekToBeginning(fresh);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
