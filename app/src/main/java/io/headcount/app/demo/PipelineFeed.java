package io.headcount.app.demo;

import io.headcount.embedded.CommittedFeed;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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

    private final Deserializer<FrameProcessed> frames =
            Topics.FRAMES_PROCESSED.valueSerde().deserializer();
    private final DashboardState state;
    private final CommittedFeed<byte[], byte[]> feed;

    public PipelineFeed(String bootstrapServers, DashboardState state) {
        this.state = state;
        List<String> topics = new ArrayList<>();
        for (Topic<?, ?> topic : Topics.all()) {
            if (topic.name().equals(Topics.FRAMES_PROCESSED.name())
                    || topic.name().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
                topics.add(topic.name());
            }
        }
        this.feed =
                CommittedFeed.of(bootstrapServers, "headcount-demo-pipeline-feed")
                        .topics(topics)
                        .threadName("demo-pipeline-feed")
                        .onFailure(e -> LOG.error("Following the pipeline's topics failed", e))
                        .start(this::follow);
    }

    private void follow(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.topic().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
                state.deadLetter(record.topic());
            } else {
                processed(record);
            }
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
        feed.close();
    }
}
