package io.headcount.app.replay;

import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.topics.Topic;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Ends each camera's replayed stream at the range's end: one {@code FrameProcessed} with {@code
 * endOfStream=true} and {@code frameTime} = the range end per camera, appended to the shadow
 * frames-processed topic after the inference job's records (same key, so same partition, behind
 * them). The aggregation gives an end of stream the event time {@code frameTime + window + grace},
 * which closes the camera's open tracks and every window before the range end, as a finite source
 * ending does. Truthful: the replayed stream does end there, and no frame of the range is missing
 * from the shadow topics when it is written.
 */
final class EndOfRange {

    private EndOfRange() {}

    /**
     * @param lastFrames each camera's last processed frame in the range, keyed {@code site/camera}
     * @return the end-of-stream records written, one per camera
     */
    static int write(
            Map<String, Object> clientConfig,
            Topic<String, FrameProcessed> topic,
            Collection<FrameProcessed> lastFrames,
            Instant end) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "headcount-replay-end-of-range");
        Map<String, FrameProcessed> ordered = new TreeMap<>();
        lastFrames.forEach(frame -> ordered.put(frame.getSite() + "/" + frame.getCamera(), frame));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (FrameProcessed last : ordered.values()) {
                FrameProcessed endOfStream =
                        FrameProcessed.newBuilder(last)
                                .setFrameTime(end)
                                .setFrameSequence(last.getFrameSequence() + 1)
                                .setFaces(0)
                                .setEndOfStream(true)
                                .build();
                producer.send(
                                new ProducerRecord<>(
                                        topic.name(),
                                        null,
                                        end.toEpochMilli(),
                                        topic.keySerde()
                                                .serializer()
                                                .serialize(topic.name(), last.getCamera()),
                                        topic.valueSerde()
                                                .serializer()
                                                .serialize(topic.name(), endOfStream)))
                        .get();
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while ending the replayed streams", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Could not end the replayed streams", e.getCause());
        }
        return ordered.size();
    }
}
