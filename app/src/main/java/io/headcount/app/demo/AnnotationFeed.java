package io.headcount.app.demo;

import io.headcount.embedded.CommittedFeed;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.topics.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the live view ({@link AnnotatedFrames}) what the pipeline already publishes about each
 * frame: the committed {@code face-observations} (boxes, tracks, attribute probabilities; no
 * pixels) and {@code frames-processed} records. Only reads: the view adds nothing to any topic.
 */
public final class AnnotationFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnnotationFeed.class);

    private final Deserializer<FaceObservation> observations =
            Topics.FACE_OBSERVATIONS.valueSerde().deserializer();
    private final Deserializer<FrameProcessed> processed =
            Topics.FRAMES_PROCESSED.valueSerde().deserializer();
    private final AnnotatedFrames view;
    private final CommittedFeed<byte[], byte[]> feed;

    public AnnotationFeed(String bootstrapServers, AnnotatedFrames view) {
        this.view = view;
        this.feed =
                CommittedFeed.of(bootstrapServers, "headcount-demo-live-view")
                        .topics(
                                List.of(
                                        Topics.FACE_OBSERVATIONS.name(),
                                        Topics.FRAMES_PROCESSED.name()))
                        .threadName("demo-live-view")
                        .onFailure(e -> LOG.error("Following the pipeline for the view failed", e))
                        .start(this::follow);
    }

    private void follow(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                if (record.topic().equals(Topics.FACE_OBSERVATIONS.name())) {
                    view.observation(observations.deserialize(record.topic(), record.value()));
                } else {
                    view.processed(processed.deserialize(record.topic(), record.value()));
                }
            } catch (RuntimeException e) {
                // Not ours to dead-letter (the aggregation app does); the view just skips it.
                LOG.debug("Unreadable {} record at offset {}", record.topic(), record.offset(), e);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        feed.close();
    }
}
