package io.headcount.aggregation.counting;

import io.headcount.aggregation.serde.StateSerde;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The window store's value format. It is internal state (store and changelog), not a contract, so
 * it stays in this module; the leading format version ({@link StateSerde}) lets a later release
 * read what an earlier one wrote when the tally grows. Format 1: frames, face observations, model
 * sets, model versions. Format 2 adds visitors, breakdowns, dwell and attention times; format 1
 * still reads (as no visitors).
 */
public final class WindowTallySerde extends StateSerde<WindowTally> {

    static final byte FORMAT_V1 = 1;
    static final byte FORMAT_V2 = 2;

    public WindowTallySerde() {
        super("window tally", FORMAT_V2, 64);
    }

    @Override
    protected void write(WindowTally tally, DataOutputStream out) throws IOException {
        out.writeLong(tally.frames());
        out.writeLong(tally.faceObservations());
        writeStrings(out, tally.modelSets());
        writeStringSets(out, tally.modelVersions());
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
    }

    @Override
    protected boolean reads(byte format) {
        return format == FORMAT_V1 || format == FORMAT_V2;
    }

    @Override
    protected WindowTally read(byte format, DataInputStream in) throws IOException {
        long frames = in.readLong();
        long faceObservations = in.readLong();
        var modelSets = readStrings(in);
        var modelVersions = readStringSets(in);
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
        return new WindowTally(
                frames,
                faceObservations,
                modelSets,
                modelVersions,
                visitors,
                breakdowns,
                dwell,
                attention);
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
}
