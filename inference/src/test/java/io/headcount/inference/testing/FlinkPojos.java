package io.headcount.inference.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** The job's records must travel between operators as Flink POJOs, never through Kryo. */
public final class FlinkPojos {

    private FlinkPojos() {}

    /**
     * {@code value} serialized and read back by Flink's POJO serializer with generic types off;
     * fails if {@code T} is not a POJO or any nested type would need Kryo.
     */
    public static <T> T roundTrip(Class<T> type, T value) throws IOException {
        TypeInformation<T> info = TypeInformation.of(type);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<T> serializer = info.createSerializer(config);
        DataOutputSerializer output = new DataOutputSerializer(256);
        serializer.serialize(value, output);
        return serializer.deserialize(new DataInputDeserializer(output.getCopyOfBuffer()));
    }
}
