package io.headcount.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.Fixtures;
import io.headcount.schemas.FrameEvent;
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
}
