package io.headcount.aggregation.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.schemas.FrameProcessed;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class PendingFrameSerdeTest {

    private final PendingFrameSerde serde = new PendingFrameSerde();

    @Test
    void aPendingFrameReadsBackAndBadBytesAreRefusedNamingTheStore() {
        FrameProcessed frame =
                FrameProcessed.newBuilder()
                        .setSite("berlin")
                        .setCamera("entrance")
                        .setFrameTime(Instant.parse("2026-03-02T10:00:00Z"))
                        .setFrameSequence(7)
                        .setFaces(0)
                        .setModelSet("m")
                        .build();
        byte[] bytes = serde.serialize("pending", new PendingFrame(List.of(frame), List.of()));

        PendingFrame read = serde.deserialize("pending", bytes);

        assertThat(read.frames).containsExactly(frame);
        assertThat(read.observations).isEmpty();
        byte[] unknown = bytes.clone();
        unknown[0] = 5;
        assertThatThrownBy(() -> serde.deserialize("pending", unknown))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Unknown pending frame format 5 in pending");
        assertThatThrownBy(() -> serde.deserialize("pending", Arrays.copyOf(bytes, 3)))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Truncated pending frame");
        assertThatThrownBy(
                        () -> serde.deserialize("pending", Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Trailing bytes after a pending frame");
        assertThat(serde.serialize("pending", null)).isNull();
    }
}
