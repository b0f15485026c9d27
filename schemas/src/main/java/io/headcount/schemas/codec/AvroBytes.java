package io.headcount.schemas.codec;

import java.nio.ByteBuffer;

/** Avro {@code bytes} fields arrive as {@link ByteBuffer}s; their content is read here. */
public final class AvroBytes {

    private AvroBytes() {}

    /**
     * A copy of the buffer's remaining bytes, leaving its position where it was (the record may be
     * read again); null for null.
     */
    public static byte[] copyOf(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
