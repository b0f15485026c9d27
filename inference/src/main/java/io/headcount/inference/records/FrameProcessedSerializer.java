package io.headcount.inference.records;

import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes processed-frame records keyed by camera id (the same partitioning as the observations)
 * with the frame's capture time as the Kafka timestamp.
 */
public final class FrameProcessedSerializer
        implements KafkaRecordSerializationSchema<FrameProcessed>, KafkaDatasetFacetProvider {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient AvroCodec<FrameProcessed> codec;

    public FrameProcessedSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            FrameProcessed frame, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = AvroCodec.of(FrameProcessed.class);
        }
        return new ProducerRecord<>(
                topic,
                null,
                frame.getFrameTime().toEpochMilli(),
                frame.getCamera().getBytes(StandardCharsets.UTF_8),
                codec.encode(frame));
    }

    @Override
    public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
        return TargetTopics.facet(List.of(topic));
    }
}
