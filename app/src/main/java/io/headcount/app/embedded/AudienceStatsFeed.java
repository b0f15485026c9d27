package io.headcount.app.embedded;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the committed {@code audience-stats} records from the beginning on a background thread
 * and hands each to a listener, as windows close. Keeps every record it saw for {@link
 * #received()}.
 */
public final class AudienceStatsFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AudienceStatsFeed.class);

    private final KafkaConsumer<String, AudienceStats> consumer;
    private final Thread thread;
    private final List<AudienceStats> received = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    public AudienceStatsFeed(String bootstrapServers, Consumer<AudienceStats> listener) {
        Topic<String, AudienceStats> topic = Topics.AUDIENCE_STATS;
        this.consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.CLIENT_ID_CONFIG,
                                "headcount-stats-feed",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false),
                        topic.keySerde().deserializer(),
                        topic.valueSerde().deserializer());
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic.name()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread =
                new Thread(
                        () -> {
                            try {
                                while (running) {
                                    for (ConsumerRecord<String, AudienceStats> record :
                                            consumer.poll(Duration.ofMillis(200))) {
                                        received.add(record.value());
                                        listener.accept(record.value());
                                    }
                                }
                            } catch (WakeupException stopping) {
                                // close() woke the poll
                            } catch (RuntimeException e) {
                                LOG.error("Reading {} failed", topic.name(), e);
                            } finally {
                                consumer.close();
                            }
                        },
                        "audience-stats-feed");
        thread.setDaemon(true);
        thread.start();
    }

    public List<AudienceStats> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10).toMillis());
    }
}
