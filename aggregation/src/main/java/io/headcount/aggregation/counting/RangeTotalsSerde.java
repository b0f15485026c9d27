package io.headcount.aggregation.counting;

import io.headcount.aggregation.serde.StateSerde;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** State format of {@link RangeTotals} (format 1: the fields in declaration order). */
public final class RangeTotalsSerde extends StateSerde<RangeTotals> {

    static final byte FORMAT_V1 = 1;

    public RangeTotalsSerde() {
        super("range totals", FORMAT_V1, 256);
    }

    @Override
    protected void write(RangeTotals totals, DataOutputStream out) throws IOException {
        out.writeLong(totals.dayStart());
        out.writeLong(totals.firstWindowStart());
        out.writeInt(totals.visitorsByHour().size());
        for (Map.Entry<Long, Long> hour : totals.visitorsByHour().entrySet()) {
            out.writeLong(hour.getKey());
            out.writeLong(hour.getValue());
        }
        writeHours(out, totals.rawByHour());
        writeHours(out, totals.releasedByHour());
        writeCells(out, totals.releasedInDay());
        out.writeInt(totals.pending().size());
        for (Map.Entry<String, RangeTotals.Pending> cell : totals.pending().entrySet()) {
            out.writeUTF(cell.getKey());
            out.writeLong(cell.getValue().blockStart());
            out.writeLong(cell.getValue().visitors());
            out.writeLong(cell.getValue().suppressedVisitors());
        }
    }

    @Override
    protected RangeTotals read(byte format, DataInputStream in) throws IOException {
        long dayStart = in.readLong();
        long firstWindowStart = in.readLong();
        SortedMap<Long, Long> visitorsByHour = new TreeMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            visitorsByHour.put(in.readLong(), in.readLong());
        }
        SortedMap<Long, SortedMap<String, Long>> rawByHour = readHours(in);
        SortedMap<Long, SortedMap<String, Long>> releasedByHour = readHours(in);
        SortedMap<String, Long> releasedInDay = readCells(in);
        SortedMap<String, RangeTotals.Pending> pending = new TreeMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            pending.put(
                    in.readUTF(),
                    new RangeTotals.Pending(in.readLong(), in.readLong(), in.readLong()));
        }
        return new RangeTotals(
                dayStart,
                firstWindowStart,
                visitorsByHour,
                rawByHour,
                releasedByHour,
                releasedInDay,
                pending);
    }

    private static void writeHours(
            DataOutputStream out, SortedMap<Long, SortedMap<String, Long>> hours)
            throws IOException {
        out.writeInt(hours.size());
        for (Map.Entry<Long, SortedMap<String, Long>> hour : hours.entrySet()) {
            out.writeLong(hour.getKey());
            writeCells(out, hour.getValue());
        }
    }

    private static SortedMap<Long, SortedMap<String, Long>> readHours(DataInputStream in)
            throws IOException {
        SortedMap<Long, SortedMap<String, Long>> hours = new TreeMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            hours.put(in.readLong(), readCells(in));
        }
        return hours;
    }

    private static void writeCells(DataOutputStream out, Map<String, Long> cells)
            throws IOException {
        out.writeInt(cells.size());
        for (Map.Entry<String, Long> cell : cells.entrySet()) {
            out.writeUTF(cell.getKey());
            out.writeLong(cell.getValue());
        }
    }

    private static SortedMap<String, Long> readCells(DataInputStream in) throws IOException {
        SortedMap<String, Long> cells = new TreeMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            cells.put(in.readUTF(), in.readLong());
        }
        return cells;
    }
}
