package io.headcount.inference.records;

import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes {@link EncodedRecord}s to the topic each one names, one of {@code topics}. */
public final class EncodedRecordSerializer
        implements KafkaRecordSerializationSchema<EncodedRecord>, KafkaDatasetFacetProvider {

    private static final long serialVersionUID = 1L;

    private final List<String> topics;

    public EncodedRecordSerializer(List<String> topics) {
        this.topics = List.copyOf(topics);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            EncodedRecord record, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(record.topic, null, record.timestamp, record.key, record.value);
    }

    @Override
    public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
        return TargetTopics.facet(topics);
    }
}
