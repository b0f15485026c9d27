package io.headcount.inference.records;

import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.DeadLetters;
import io.headcount.schemas.codec.AvroBytes;
import io.headcount.schemas.codec.AvroCodec;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes dead letters under the source record's key (so they land like the source did) and its
 * timestamp when known, else the failure time; {@link #withoutValue} writes them without the source
 * record's bytes.
 */
public final class DeadLetterSerializer
        implements KafkaRecordSerializationSchema<DeadLetter>, KafkaDatasetFacetProvider {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final boolean withoutValue;
    private transient AvroCodec<DeadLetter> codec;

    public DeadLetterSerializer(String topic) {
        this(topic, false);
    }

    private DeadLetterSerializer(String topic, boolean withoutValue) {
        this.topic = topic;
        this.withoutValue = withoutValue;
    }

    /**
     * Writes each dead letter with its {@code value} (the frame's bytes) left out, whatever it was
     * given: the topic then carries no pixel (DESIGN.md section 5).
     */
    public static DeadLetterSerializer withoutValue(String topic) {
        return new DeadLetterSerializer(topic, true);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = AvroCodec.of(DeadLetter.class);
        }
        long time =
                letter.getSourceTimestamp() != null
                        ? letter.getSourceTimestamp().toEpochMilli()
                        : letter.getFailedAt().toEpochMilli();
        DeadLetter written = withoutValue ? DeadLetters.withoutValue(letter) : letter;
        return new ProducerRecord<>(
                topic, null, time, AvroBytes.copyOf(letter.getKey()), codec.encode(written));
    }

    @Override
    public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
        return TargetTopics.facet(List.of(topic));
    }
}
