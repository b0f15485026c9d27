package io.headcount.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Follows topics from their beginning as any downstream consumer sees them: a {@code
 * read_committed} consumer without a consumer group (it commits nothing) assigned every partition
 * of the topics, polled on a daemon thread of its own that hands each poll's records to a handler
 * until {@link #close()}. The static {@link #consumer} opens the same consumer for callers that
 * poll themselves (reading a range of a topic, a diagnosis).
 *
 * <p>A handler that throws, or a poll that fails, ends the thread: the failure goes to the feed's
 * failure listener and the consumer is closed.
 */
public final class CommittedFeed<K, V> implements AutoCloseable {

    /** How long {@link #close()} waits for the poll thread to end. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /** What a feed does with each poll's records, on its thread. */
    @FunctionalInterface
    public interface Handler<K, V> {
        void accept(ConsumerRecords<K, V> records);
    }

    private final KafkaConsumer<K, V> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    private CommittedFeed(Builder<K, V> builder, Handler<K, V> handler) {
        this.consumer =
                consumer(
                        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, builder.bootstrapServers),
                        builder.clientId,
                        IsolationLevel.READ_COMMITTED,
                        builder.keys,
                        builder.values);
        try {
            assignFromBeginning(consumer, builder.topics);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        Consumer<RuntimeException> onFailure = builder.onFailure;
        Duration poll = builder.poll;
        this.thread =
                new Thread(
                        () -> {
                            try {
                                while (running) {
                                    handler.accept(consumer.poll(poll));
                                }
                            } catch (WakeupException stopping) {
                                // close() woke the poll
                            } catch (RuntimeException e) {
                                onFailure.accept(e);
                            } finally {
                                consumer.close();
                            }
                        },
                        builder.threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** A feed of raw records (bytes): the handler decodes what it reads. */
    public static Builder<byte[], byte[]> of(String bootstrapServers, String clientId) {
        return new Builder<>(
                bootstrapServers,
                clientId,
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** A feed of records decoded by {@code keys} and {@code values}. */
    public static <K, V> Builder<K, V> of(
            String bootstrapServers,
            String clientId,
            Deserializer<K> keys,
            Deserializer<V> values) {
        return new Builder<>(bootstrapServers, clientId, keys, values);
    }

    /**
     * A consumer without a consumer group and without auto-commit.
     *
     * @param clientConfig {@code bootstrap.servers} and any security settings of the cluster
     * @param clientId the consumer's {@code client.id}; null for Kafka's default
     * @param isolation {@link IsolationLevel#READ_COMMITTED} for what downstream consumers see;
     *     {@link IsolationLevel#READ_UNCOMMITTED} to see open and aborted transactions too
     */
    public static <K, V> KafkaConsumer<K, V> consumer(
            Map<String, Object> clientConfig,
            String clientId,
            IsolationLevel isolation,
            Deserializer<K> keys,
            Deserializer<V> values) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        if (clientId != null) {
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        }
        config.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation.toString().toLowerCase(Locale.ROOT));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, keys, values);
    }

    /** A raw (bytes) {@code read_committed} consumer without a group: {@link #consumer}. */
    public static KafkaConsumer<byte[], byte[]> committedConsumer(
            Map<String, Object> clientConfig, String clientId) {
        return consumer(
                clientConfig,
                clientId,
                IsolationLevel.READ_COMMITTED,
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /**
     * Assigns {@code consumer} every partition of {@code topics} and seeks to their beginning.
     *
     * @return the partitions assigned
     */
    public static List<TopicPartition> assignFromBeginning(
            KafkaConsumer<?, ?> consumer, Collection<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic)
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    /** Stops polling and waits (a while) for the thread to close the consumer. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(CLOSE_WAIT.toMillis());
    }

    /** What to follow and how. */
    public static final class Builder<K, V> {

        private final String bootstrapServers;
        private final String clientId;
        private final Deserializer<K> keys;
        private final Deserializer<V> values;
        private List<String> topics = List.of();
        private Duration poll = Duration.ofMillis(200);
        private String threadName;
        private Consumer<RuntimeException> onFailure = e -> {};

        private Builder(
                String bootstrapServers,
                String clientId,
                Deserializer<K> keys,
                Deserializer<V> values) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            this.keys = Objects.requireNonNull(keys, "keys");
            this.values = Objects.requireNonNull(values, "values");
            this.threadName = clientId;
        }

        /** The topics to follow, every partition of each, from the beginning. */
        public Builder<K, V> topics(Collection<String> names) {
            this.topics = List.copyOf(names);
            return this;
        }

        /** The poll timeout (default 200 ms). */
        public Builder<K, V> poll(Duration timeout) {
            this.poll = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The poll thread's name (default: the client id). */
        public Builder<K, V> threadName(String name) {
            this.threadName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Told of the failure that ended the feed (a failed poll, a handler that threw). */
        public Builder<K, V> onFailure(Consumer<RuntimeException> listener) {
            this.onFailure = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Assigns the partitions and starts the poll thread. */
        public CommittedFeed<K, V> start(Handler<K, V> handler) {
            return new CommittedFeed<>(this, Objects.requireNonNull(handler, "handler"));
        }
    }
}
