package io.headcount.aggregation.counting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The running totals of one site/camera over one UTC day, counted from the raw visitors of its
 * closed windows (not from their published, suppressed cells) and released so that nothing under k
 * can be derived from them and the published windows together (DESIGN.md section 5).
 *
 * <p>Why not simply publish the raw sum: a window cell suppressed by {@link CellSuppression} would
 * be the raw total minus the published cells of the range's windows. Instead each breakdown (say
 * {@code sex}) is released in <em>blocks</em>: consecutive windows, starting after the attribute's
 * last released block, whose counts per value are released together once the block is safe to
 * release. What a reader can then derive beyond the published windows is, per block, each value's
 * suppressed visitors summed over the block's windows (the block's columns), beside each window's
 * suppressed visitors summed over its values ({@code visitors} minus its published cells: the
 * rows). A block is released only when every column is 0 or at least k and {@link BlockAudit} finds
 * that no suppressed window cell follows from those rows and columns (each could be one more or one
 * less). A block's released count of a value is then 0 or at least k. Every published total (a day,
 * an hour, since the start) is a sum of whole blocks, and blocks of an attribute never overlap, so
 * no combination of totals and windows isolates a suppressed window cell. (Blocks per value, as
 * before, were not enough once a window's suppression links its cells: a value's block of one
 * window whose cell was suppressed only to protect another would reveal both.)
 *
 * <p>Visitors of an open block are held back (the total says it is not complete) until the block
 * closes, or for good if it reaches {@link #MAX_BLOCK_ROWS} windows with suppressed cells first. A
 * block still open at the end of the day goes on into the camera's next day ({@link
 * #carryOpenBlocksFrom}): released then, it counts since the start but in neither day nor any hour,
 * so the since-start total does not lose it, and each day's total stays a sum of the blocks within
 * it. An hour counts the blocks that start and end within it (a window belongs to the hour of its
 * start); the day counts all the blocks that start and end within it.
 *
 * <p>{@code visitors} (all visitors) is not held back: every window publishes it.
 */
public final class RangeTotals {

    public static final Duration DAY = Duration.ofDays(1);
    public static final Duration HOUR = Duration.ofHours(1);

    /**
     * The most windows with suppressed cells a block holds before it is given up (its visitors then
     * stay held back for good): a block that can never be released (say, a camera whose visitors
     * are all women, so each window's women are its visitors) would otherwise grow, and be audited,
     * without end.
     */
    public static final int MAX_BLOCK_ROWS = 100;

    /**
     * What a reader cannot see of one window of a block: its suppressed cells.
     *
     * @param hidden the window listed none of its cells (see {@link CellSuppression})
     * @param suppressed the raw counts of its suppressed cells, by value
     */
    record Row(boolean hidden, SortedMap<String, Long> suppressed) {}

    /**
     * The open block of one attribute.
     *
     * @param blockStart its first window's start
     * @param visitors every visitor of the block, by value (published or not)
     * @param rows its windows that suppressed a cell, in order
     */
    record Block(long blockStart, SortedMap<String, Long> visitors, List<Row> rows) {}

    private final long dayStart;
    private long firstWindowStart;
    private final SortedMap<Long, Long> visitorsByHour;
    private final SortedMap<Long, SortedMap<String, Long>> rawByHour;
    private final SortedMap<Long, SortedMap<String, Long>> releasedByHour;
    private final SortedMap<String, Long> releasedInDay;
    private final SortedMap<String, Long> releasedCarriedIn;
    private final SortedMap<String, Block> openBlocks;

    RangeTotals(
            long dayStart,
            long firstWindowStart,
            SortedMap<Long, Long> visitorsByHour,
            SortedMap<Long, SortedMap<String, Long>> rawByHour,
            SortedMap<Long, SortedMap<String, Long>> releasedByHour,
            SortedMap<String, Long> releasedInDay,
            SortedMap<String, Long> releasedCarriedIn,
            SortedMap<String, Block> openBlocks) {
        this.dayStart = dayStart;
        this.firstWindowStart = firstWindowStart;
        this.visitorsByHour = visitorsByHour;
        this.rawByHour = rawByHour;
        this.releasedByHour = releasedByHour;
        this.releasedInDay = releasedInDay;
        this.releasedCarriedIn = releasedCarriedIn;
        this.openBlocks = openBlocks;
    }

    /** Nothing counted yet in the day that starts at {@code dayStart}. */
    public static RangeTotals startOfDay(long dayStart) {
        return new RangeTotals(
                dayStart,
                Long.MAX_VALUE,
                new TreeMap<>(),
                new TreeMap<>(),
                new TreeMap<>(),
                new TreeMap<>(),
                new TreeMap<>(),
                new TreeMap<>());
    }

    /** The UTC day's start of {@code time}. */
    public static long dayOf(long time) {
        return Math.floorDiv(time, DAY.toMillis()) * DAY.toMillis();
    }

    static long hourOf(long time) {
        return Math.floorDiv(time, HOUR.toMillis()) * HOUR.toMillis();
    }

    /** The cell key of a breakdown value, {@code attribute/value}. */
    public static String cellKey(String attribute, String value) {
        return attribute + "/" + value;
    }

    /**
     * Counts one closed window, in order of its start (which must be in this day).
     *
     * @param minCellCount k, as the window's public record was suppressed with
     */
    public void count(long windowStart, WindowTally window, int minCellCount) {
        if (dayOf(windowStart) != dayStart) {
            throw new IllegalArgumentException("window " + windowStart + " is not in this day");
        }
        firstWindowStart = Math.min(firstWindowStart, windowStart);
        long hour = hourOf(windowStart);
        visitorsByHour.merge(hour, window.visitors(), Long::sum);
        window.breakdowns()
                .forEach(
                        (attribute, values) ->
                                values.forEach(
                                        (value, count) ->
                                                rawByHour
                                                        .computeIfAbsent(hour, h -> new TreeMap<>())
                                                        .merge(
                                                                cellKey(attribute, value),
                                                                count,
                                                                Long::sum)));
        SortedSet<String> attributes = new TreeSet<>(window.breakdowns().keySet());
        attributes.addAll(openBlocks.keySet());
        for (String attribute : attributes) {
            SortedMap<String, Long> counts =
                    window.breakdowns().getOrDefault(attribute, Collections.emptySortedMap());
            Block open = openBlocks.get(attribute);
            if (open == null && counts.values().stream().allMatch(n -> n == 0)) {
                continue;
            }
            Block block =
                    open != null
                            ? open
                            : new Block(windowStart, new TreeMap<>(), new ArrayList<>());
            counts.forEach((value, n) -> block.visitors().merge(value, n, Long::sum));
            // The same rule as the window's public record (AudienceStatsMapping).
            CellSuppression.Breakdown published = CellSuppression.of(counts, minCellCount);
            if (published.anySuppressed()) {
                block.rows().add(new Row(published.hidden(), published.suppressed()));
            }
            if (BlockAudit.releasable(block.rows(), minCellCount)) {
                openBlocks.remove(attribute);
                release(attribute, block, hour);
            } else if (block.rows().size() >= MAX_BLOCK_ROWS) {
                // Given up: its visitors stay held back, and the next window starts a new block.
                openBlocks.remove(attribute);
            } else {
                openBlocks.put(attribute, block);
            }
        }
    }

    private void release(String attribute, Block block, long lastHour) {
        block.visitors()
                .forEach(
                        (value, n) -> {
                            if (n == 0) {
                                return;
                            }
                            String cell = cellKey(attribute, value);
                            if (dayOf(block.blockStart()) != dayStart) {
                                releasedCarriedIn.merge(cell, n, Long::sum);
                                return;
                            }
                            releasedInDay.merge(cell, n, Long::sum);
                            if (hourOf(block.blockStart()) == lastHour) {
                                releasedByHour
                                        .computeIfAbsent(lastHour, h -> new TreeMap<>())
                                        .merge(cell, n, Long::sum);
                            }
                        });
    }

    /**
     * Takes over the blocks still open at the end of the camera's previous counted day, so that
     * they go on here instead of staying held back for ever. Call before this day counts a window.
     */
    public void carryOpenBlocksFrom(RangeTotals earlier) {
        if (earlier.dayStart >= dayStart || firstWindowStart != Long.MAX_VALUE) {
            throw new IllegalArgumentException("carry from an earlier day into a fresh one only");
        }
        openBlocks.putAll(earlier.openBlocks);
        earlier.openBlocks.clear();
    }

    public long dayStart() {
        return dayStart;
    }

    /** The first counted window's start, or {@link Long#MAX_VALUE} before any. */
    public long firstWindowStart() {
        return firstWindowStart;
    }

    /** What may be published for the whole day. */
    public Released day() {
        SortedMap<String, Long> raw = new TreeMap<>();
        rawByHour
                .values()
                .forEach(cells -> cells.forEach((cell, n) -> raw.merge(cell, n, Long::sum)));
        long visitors = visitorsByHour.values().stream().mapToLong(Long::longValue).sum();
        return new Released(visitors, new TreeMap<>(releasedInDay), raw);
    }

    /**
     * What this day adds to a total since the start: the day's blocks and the blocks carried in
     * from earlier days that closed in it.
     */
    public Released sinceStartPart() {
        Released day = day();
        Map<String, Long> released = new TreeMap<>(day.released());
        releasedCarriedIn.forEach((cell, n) -> released.merge(cell, n, Long::sum));
        return new Released(day.visitors(), released, day.raw());
    }

    /** What may be published for the hour that starts at {@code hourStart}. */
    public Released hour(long hourStart) {
        return new Released(
                visitorsByHour.getOrDefault(hourStart, 0L),
                new TreeMap<>(releasedByHour.getOrDefault(hourStart, new TreeMap<>())),
                new TreeMap<>(rawByHour.getOrDefault(hourStart, new TreeMap<>())));
    }

    /**
     * Released counts of a range and, internal only, its raw counts (to say whether a released
     * count is complete; never published).
     *
     * @param visitors every visitor of the range
     * @param released per cell key, whole blocks only
     * @param raw per cell key, every visitor
     */
    public record Released(long visitors, Map<String, Long> released, Map<String, Long> raw) {

        /** The sum of two ranges (two days, or two cameras). */
        public Released plus(Released other) {
            Map<String, Long> releasedSum = new TreeMap<>(released);
            other.released.forEach((cell, n) -> releasedSum.merge(cell, n, Long::sum));
            Map<String, Long> rawSum = new TreeMap<>(raw);
            other.raw.forEach((cell, n) -> rawSum.merge(cell, n, Long::sum));
            return new Released(visitors + other.visitors, releasedSum, rawSum);
        }

        public static Released none() {
            return new Released(0, Map.of(), Map.of());
        }
    }

    SortedMap<Long, Long> visitorsByHour() {
        return visitorsByHour;
    }

    SortedMap<Long, SortedMap<String, Long>> rawByHour() {
        return rawByHour;
    }

    SortedMap<Long, SortedMap<String, Long>> releasedByHour() {
        return releasedByHour;
    }

    SortedMap<String, Long> releasedInDay() {
        return releasedInDay;
    }

    SortedMap<String, Long> releasedCarriedIn() {
        return releasedCarriedIn;
    }

    SortedMap<String, Block> openBlocks() {
        return openBlocks;
    }
}
