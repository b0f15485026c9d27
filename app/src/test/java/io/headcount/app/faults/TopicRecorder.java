package io.headcount.app.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads topics from the beginning as a downstream consumer does ({@code read_committed}: only what
 * the exactly-once producers committed), on a thread of its own, and keeps each record with the
 * wall-clock time it arrived. Outlives a broker restart (the consumer reconnects).
 */
final class TopicRecorder implements AutoCloseable {

    /** A record as received. */
    record Received(String topic, byte[] key, byte[] value, long timestamp, long receivedAt) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Set<String> withoutValues;
    private final Map<String, List<Received>> records = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    TopicRecorder(String bootstrapServers, Collection<String> topics) {
        this(bootstrapServers, topics, List.of());
    }

    /** As above; of the {@code withoutValues} topics only keys and times are kept (frames). */
    TopicRecorder(
            String bootstrapServers, Collection<String> topics, Collection<String> withoutValues) {
        this.withoutValues = Set.copyOf(withoutValues);
        consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false,
                                ConsumerConfig.CLIENT_ID_CONFIG,
                                "fault-test-recorder"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            records.put(topic, new CopyOnWriteArrayList<>());
            consumer.partitionsFor(topic)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::poll, "fault-test-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                    records.get(record.topic())
                            .add(
                                    new Received(
                                            record.topic(),
                                            record.key(),
                                            withoutValues.contains(record.topic())
                                                    ? null
                                                    : record.value(),
                                            record.timestamp(),
                                            System.currentTimeMillis()));
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    List<Received> records(String topic) {
        check();
        return List.copyOf(records.get(topic));
    }

    int count(String topic) {
        check();
        return records.get(topic).size();
    }

    /** Arrival time of the newest record of any of {@code topics}; 0 if none yet. */
    long lastArrival(Collection<String> topics) {
        long last = 0;
        for (String topic : topics) {
            List<Received> received = records.get(topic);
            if (!received.isEmpty()) {
                last = Math.max(last, received.get(received.size() - 1).receivedAt());
            }
        }
        return last;
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("The recorder stopped", failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
