package io.headcount.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class AvroBytesTest {

    @Test
    void copiesTheRemainingBytesAndLeavesTheBufferAsItWas() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5});
        buffer.position(2);

        byte[] copy = AvroBytes.copyOf(buffer);

        assertThat(copy).containsExactly(3, 4, 5);
        assertThat(buffer.position()).isEqualTo(2);
        copy[0] = 9;
        assertThat(buffer.get(2)).as("a copy, not a view").isEqualTo((byte) 3);
    }

    @Test
    void nullStaysNull() {
        assertThat(AvroBytes.copyOf(null)).isNull();
    }
}
