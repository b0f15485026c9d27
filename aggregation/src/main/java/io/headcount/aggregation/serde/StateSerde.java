package io.headcount.aggregation.serde;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The frame of every state store value format: internal state (store and changelog), not a
 * contract. A leading format byte lets a later release read what an earlier one wrote; what follows
 * is {@link DataOutputStream} fields. Bytes that are truncated, carry an unknown format or trail
 * the value are refused with a {@link SerializationException}, never read as something else.
 * Subclasses write and read the fields; sorted collections keep the bytes, and so replays,
 * deterministic.
 *
 * @param <T> the stored value
 */
public abstract class StateSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final String what;
    private final byte currentFormat;
    private final int expectedSize;

    /**
     * @param what the value's name in error messages ("window tally")
     * @param currentFormat the format byte written
     * @param expectedSize the buffer's initial size in bytes
     */
    protected StateSerde(String what, byte currentFormat, int expectedSize) {
        this.what = what;
        this.currentFormat = currentFormat;
        this.expectedSize = expectedSize;
    }

    /** Writes the fields of {@code value} in {@link #currentFormat}. */
    protected abstract void write(T value, DataOutputStream out) throws IOException;

    /** Whether {@link #read} understands {@code format}; by default only the current one. */
    protected boolean reads(byte format) {
        return format == currentFormat;
    }

    /** Reads the fields written in {@code format}. */
    protected abstract T read(byte format, DataInputStream in) throws IOException;

    @Override
    public final byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(expectedSize);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(currentFormat);
            write(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public final T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (!reads(format)) {
                throw new SerializationException(
                        "Unknown " + what + " format " + format + " in " + topic);
            }
            T value = read(format, in);
            if (in.available() > 0) {
                throw new SerializationException("Trailing bytes after a " + what + " in " + topic);
            }
            return value;
        } catch (IOException e) {
            throw new SerializationException("Truncated " + what + " in " + topic, e);
        }
    }

    protected static void writeStrings(DataOutputStream out, Collection<String> strings)
            throws IOException {
        out.writeInt(strings.size());
        for (String string : strings) {
            out.writeUTF(string);
        }
    }

    protected static SortedSet<String> readStrings(DataInputStream in) throws IOException {
        SortedSet<String> strings = new TreeSet<>();
        for (int i = in.readInt(); i > 0; i--) {
            strings.add(in.readUTF());
        }
        return strings;
    }

    /** E.g. every version seen per model name. */
    protected static void writeStringSets(
            DataOutputStream out, Map<String, ? extends Collection<String>> sets)
            throws IOException {
        out.writeInt(sets.size());
        for (Map.Entry<String, ? extends Collection<String>> set : sets.entrySet()) {
            out.writeUTF(set.getKey());
            writeStrings(out, set.getValue());
        }
    }

    protected static SortedMap<String, SortedSet<String>> readStringSets(DataInputStream in)
            throws IOException {
        SortedMap<String, SortedSet<String>> sets = new TreeMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            String key = in.readUTF();
            sets.put(key, readStrings(in));
        }
        return sets;
    }

    @Override
    public final Serializer<T> serializer() {
        return this;
    }

    @Override
    public final Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}
}
