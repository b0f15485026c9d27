package io.headcount.inference.records;

import io.headcount.schemas.codec.AvroCodec;
import io.headcount.schemas.codec.RecordDecodingException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink (de)serialization schema for a contract in Avro single-object encoding. The codec holds
 * Avro objects that are not serializable, so it is built lazily on each task. It lives with the
 * Flink job, not in the contracts module, which depends on no stream engine.
 */
public final class AvroFlinkSchema<T extends SpecificRecord>
        implements DeserializationSchema<T>, SerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient AvroCodec<T> codec;

    public AvroFlinkSchema(Class<T> type) {
        this.type = type;
    }

    private AvroCodec<T> codec() {
        if (codec == null) {
            codec = AvroCodec.of(type);
        }
        return codec;
    }

    /**
     * @throws RecordDecodingException for bytes that are not a released version of the contract
     */
    @Override
    public T deserialize(byte[] message) {
        return codec().decode(message);
    }

    @Override
    public byte[] serialize(T element) {
        return codec().encode(element);
    }

    @Override
    public boolean isEndOfStream(T nextElement) {
        return false;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(type);
    }
}
