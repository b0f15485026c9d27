package io.headcount.app.demo;

import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows what the pipeline has done, for the health panel: every committed {@code
 * frames-processed} record (frames and faces the inference job processed, and how far its event
 * time has come) and every dead letter of every {@code .dlq} topic. Reads committed records only,
 * as any downstream consumer would, so what it counts is what the pipeline has really output.
 */
public final class PipelineFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineFeed.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<FrameProcessed> frames =
            Topics.FRAMES_PROCESSED.valueSerde().deserializer();
    private final DashboardState state;
    private final Thread thread;
    private volatile boolean running = true;

    public PipelineFeed(String bootstrapServers, DashboardState state) {
        this.state = state;
        this.consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.CLIENT_ID_CONFIG,
                                "headcount-demo-pipeline-feed",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic<?, ?> topic : Topics.all()) {
            if (topic.name().equals(Topics.FRAMES_PROCESSED.name())
                    || topic.name().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
                consumer.partitionsFor(topic.name())
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::follow, "demo-pipeline-feed");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
                        state.deadLetter(record.topic());
                    } else {
                        processed(record);
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll
        } catch (RuntimeException e) {
            LOG.error("Following the pipeline's topics failed", e);
        } finally {
            consumer.close();
        }
    }

    private void processed(ConsumerRecord<byte[], byte[]> record) {
        FrameProcessed frame;
        try {
            frame = frames.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            // Not ours to dead-letter (the aggregation app does); the panel just does not count it.
            LOG.debug("Unreadable {} record at offset {}", record.topic(), record.offset(), e);
            return;
        }
        if (!frame.getEndOfStream()) {
            state.frameProcessed(
                    frame.getSite() + "/" + frame.getCamera(),
                    frame.getFaces(),
                    frame.getFrameTime());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10).toMillis());
    }
}
