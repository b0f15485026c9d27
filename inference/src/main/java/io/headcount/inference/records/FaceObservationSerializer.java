package io.headcount.inference.records;

import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes observations keyed by camera id (so a camera's observations stay in one partition, in
 * order) with the frame's capture time as the Kafka timestamp.
 */
public final class FaceObservationSerializer
        implements KafkaRecordSerializationSchema<FaceObservation>, KafkaDatasetFacetProvider {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient AvroCodec<FaceObservation> codec;

    public FaceObservationSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            FaceObservation observation, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = AvroCodec.of(FaceObservation.class);
        }
        return new ProducerRecord<>(
                topic,
                null,
                observation.getFrameTime().toEpochMilli(),
                observation.getCamera().getBytes(StandardCharsets.UTF_8),
                codec.encode(observation));
    }

    @Override
    public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
        return TargetTopics.facet(List.of(topic));
    }
}
