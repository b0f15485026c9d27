package io.headcount.inference.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.testing.TestFrames;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.codec.AvroKafkaSerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class AvroFlinkSchemaTest {

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
        FrameEvent frame = TestFrames.event("entrance-left", 42, new byte[] {1, 2, 3}, 640, 360);

        byte[] written = new AvroKafkaSerde<>(FrameEvent.class).serialize("frames", frame);

        assertThat(shipped.deserialize(written)).isEqualTo(frame);
        assertThat(shipped.serialize(frame)).isEqualTo(written);
        assertThat(shipped.getProducedType().getTypeClass()).isEqualTo(FrameEvent.class);
    }
}
