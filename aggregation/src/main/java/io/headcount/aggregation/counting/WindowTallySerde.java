package io.headcount.aggregation.counting;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The window store's value format. It is internal state (store and changelog), not a contract, so
 * it stays in this module; a leading format version lets a later release read what an earlier one
 * wrote when the tally grows. Format 1: frames, face observations, model sets, model versions.
 * Format 2 adds visitors, breakdowns, dwell and attention times; format 1 still reads (as no
 * visitors).
 */
public final class WindowTallySerde
        implements Serde<WindowTally>, Serializer<WindowTally>, Deserializer<WindowTally> {

    static final byte FORMAT_V1 = 1;
    static final byte FORMAT_V2 = 2;

    @Override
    public byte[] serialize(String topic, WindowTally tally) {
        if (tally == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_V2);
            out.writeLong(tally.frames());
            out.writeLong(tally.faceObservations());
            out.writeInt(tally.modelSets().size());
            for (String modelSet : tally.modelSets()) {
                out.writeUTF(modelSet);
            }
            out.writeInt(tally.modelVersions().size());
            for (var model : tally.modelVersions().entrySet()) {
                out.writeUTF(model.getKey());
                out.writeInt(model.getValue().size());
                for (String version : model.getValue()) {
                    out.writeUTF(version);
                }
            }
            out.writeLong(tally.visitors());
            out.writeInt(tally.breakdowns().size());
            for (var attribute : tally.breakdowns().entrySet()) {
                out.writeUTF(attribute.getKey());
                out.writeInt(attribute.getValue().size());
                for (var cell : attribute.getValue().entrySet()) {
                    out.writeUTF(cell.getKey());
                    out.writeLong(cell.getValue());
                }
            }
            writeLongs(out, tally.dwellMillis());
            writeLongs(out, tally.attentionMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public WindowTally deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT_V1 && format != FORMAT_V2) {
                throw new SerializationException(
                        "Unknown window tally format " + format + " in " + topic);
            }
            long frames = in.readLong();
            long faceObservations = in.readLong();
            SortedSet<String> modelSets = new TreeSet<>();
            for (int i = in.readInt(); i > 0; i--) {
                modelSets.add(in.readUTF());
            }
            SortedMap<String, SortedSet<String>> modelVersions = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String model = in.readUTF();
                SortedSet<String> versions = new TreeSet<>();
                for (int j = in.readInt(); j > 0; j--) {
                    versions.add(in.readUTF());
                }
                modelVersions.put(model, versions);
            }
            long visitors = 0;
            SortedMap<String, SortedMap<String, Long>> breakdowns = new TreeMap<>();
            List<Long> dwell = List.of();
            List<Long> attention = List.of();
            if (format == FORMAT_V2) {
                visitors = in.readLong();
                for (int i = in.readInt(); i > 0; i--) {
                    String attribute = in.readUTF();
                    SortedMap<String, Long> cells = new TreeMap<>();
                    for (int j = in.readInt(); j > 0; j--) {
                        cells.put(in.readUTF(), in.readLong());
                    }
                    breakdowns.put(attribute, cells);
                }
                dwell = readLongs(in);
                attention = readLongs(in);
            }
            if (in.available() > 0) {
                throw new SerializationException("Trailing bytes after a window tally in " + topic);
            }
            return new WindowTally(
                    frames,
                    faceObservations,
                    modelSets,
                    modelVersions,
                    visitors,
                    breakdowns,
                    dwell,
                    attention);
        } catch (IOException e) {
            throw new SerializationException("Truncated window tally in " + topic, e);
        }
    }

    private static void writeLongs(DataOutputStream out, List<Long> values) throws IOException {
        out.writeInt(values.size());
        for (long value : values) {
            out.writeLong(value);
        }
    }

    private static List<Long> readLongs(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > in.available() / Long.BYTES) {
            throw new SerializationException("Bad list length " + size + " in a window tally");
        }
        List<Long> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(in.readLong());
        }
        return values;
    }

    @Override
    public Serializer<WindowTally> serializer() {
        return this;
    }

    @Override
    public Deserializer<WindowTally> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}
}
