package io.headcount.inference.records;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes {@link EncodedRecord}s to the topic each one names. */
public final class EncodedRecordSerializer
        implements KafkaRecordSerializationSchema<EncodedRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            EncodedRecord record, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(record.topic, null, record.timestamp, record.key, record.value);
    }
}
