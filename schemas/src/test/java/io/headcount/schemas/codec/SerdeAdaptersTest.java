package io.headcount.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.Fixtures;
import io.headcount.schemas.FrameEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SerdeAdaptersTest {

    @Test
    void kafkaSerdeRoundTripsAndPassesTombstonesThrough() {
        AvroKafkaSerde<FaceObservation> serde = new AvroKafkaSerde<>(FaceObservation.class);

        byte[] bytes = serde.serializer().serialize("face-observations", Fixtures.observation());

        assertThat(serde.deserializer().deserialize("face-observations", bytes))
                .isEqualTo(Fixtures.observation());
        assertThat(serde.serialize("face-observations", null)).isNull();
        assertThat(serde.deserialize("face-observations", null)).isNull();
    }

    @Test
    void kafkaSerdeFailsWithASerializationExceptionThatStreamsHandlersRecognise() {
        AvroKafkaSerde<FrameEvent> serde = new AvroKafkaSerde<>(FrameEvent.class);

        assertThatThrownBy(() -> serde.deserialize("frames", new byte[] {1, 2, 3}))
                .isInstanceOf(SerializationException.class)
                .isInstanceOf(RecordDecodingException.class);
    }

    @Test
    void flinkSchemaSurvivesJavaSerializationAndDecodesWhatTheKafkaSerdeWrote() throws Exception {
        AvroFlinkSchema<FrameEvent> schema = new AvroFlinkSchema<>(FrameEvent.class);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(schema);
        }
        @SuppressWarnings("unchecked")
        AvroFlinkSchema<FrameEvent> shipped =
                (AvroFlinkSchema<FrameEvent>)
                        new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray()))
                                .readObject();

        byte[] written =
                new AvroKafkaSerde<>(FrameEvent.class).serialize("frames", Fixtures.frame());

        assertThat(shipped.deserialize(written)).isEqualTo(Fixtures.frame());
        assertThat(shipped.serialize(Fixtures.frame())).isEqualTo(written);
        assertThat(shipped.getProducedType().getTypeClass()).isEqualTo(FrameEvent.class);
    }
}
