package io.headcount.aggregation.counting;

import io.headcount.aggregation.serde.StateSerde;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * State format of {@link RangeTotals}: format 2, the fields in declaration order. Format 1 (blocks
 * per value, before {@link CellSuppression}) still reads, without its open blocks: their visitors
 * stay held back (they cannot be turned into blocks of the current rule).
 */
public final class RangeTotalsSerde extends StateSerde<RangeTotals> {

    static final byte FORMAT_V1 = 1;
    static final byte FORMAT_V2 = 2;

    public RangeTotalsSerde() {
        super("range totals", FORMAT_V2, 256);
    }

    @Override
    protected boolean reads(byte format) {
        return format == FORMAT_V1 || format == FORMAT_V2;
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
        writeCells(out, totals.releasedCarriedIn());
        out.writeInt(totals.openBlocks().size());
        for (Map.Entry<String, RangeTotals.Block> open : totals.openBlocks().entrySet()) {
            RangeTotals.Block block = open.getValue();
            out.writeUTF(open.getKey());
            out.writeLong(block.blockStart());
            writeCells(out, block.visitors());
            out.writeInt(block.rows().size());
            for (RangeTotals.Row row : block.rows()) {
                out.writeBoolean(row.hidden());
                writeCells(out, row.suppressed());
            }
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
        SortedMap<String, Long> releasedCarriedIn = new TreeMap<>();
        SortedMap<String, RangeTotals.Block> openBlocks = new TreeMap<>();
        if (format == FORMAT_V1) {
            for (int i = in.readInt(); i > 0; i--) {
                in.readUTF();
                in.readLong();
                in.readLong();
                in.readLong();
            }
        } else {
            releasedCarriedIn = readCells(in);
            for (int i = in.readInt(); i > 0; i--) {
                String attribute = in.readUTF();
                long blockStart = in.readLong();
                SortedMap<String, Long> visitors = readCells(in);
                List<RangeTotals.Row> rows = new ArrayList<>();
                for (int r = in.readInt(); r > 0; r--) {
                    rows.add(new RangeTotals.Row(in.readBoolean(), readCells(in)));
                }
                openBlocks.put(attribute, new RangeTotals.Block(blockStart, visitors, rows));
            }
        }
        return new RangeTotals(
                dayStart,
                firstWindowStart,
                visitorsByHour,
                rawByHour,
                releasedByHour,
                releasedInDay,
                releasedCarriedIn,
                openBlocks);
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
