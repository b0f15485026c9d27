package io.headcount.inference.functions;

import io.headcount.inference.records.EncodedRecord;
import io.headcount.schemas.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Encodes an output record for its topic: key = camera id (so a camera's data stays in one
 * partition), Kafka timestamp = the frame's capture time.
 */
public final class EncodeRecordFunction<T extends SpecificRecord>
        implements MapFunction<T, EncodedRecord> {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final String topic;
    private final SerializableFunction<T, CharSequence> camera;
    private final SerializableFunction<T, Long> eventTime;
    private transient AvroCodec<T> codec;

    public EncodeRecordFunction(
            Class<T> type,
            String topic,
            SerializableFunction<T, CharSequence> camera,
            SerializableFunction<T, Long> eventTime) {
        this.type = type;
        this.topic = topic;
        this.camera = camera;
        this.eventTime = eventTime;
    }

    @Override
    public EncodedRecord map(T record) throws Exception {
        if (codec == null) {
            codec = AvroCodec.of(type);
        }
        return new EncodedRecord(
                topic,
                camera.apply(record).toString().getBytes(StandardCharsets.UTF_8),
                codec.encode(record),
                eventTime.apply(record));
    }
}
