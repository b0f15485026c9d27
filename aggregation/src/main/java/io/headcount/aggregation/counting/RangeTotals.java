package io.headcount.aggregation.counting;

import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The running totals of one site/camera over one UTC day, counted from the raw visitors of its
 * closed windows (not from their published, suppressed cells) and released so that nothing under k
 * can be derived from them and the published windows together (DESIGN.md section 5).
 *
 * <p>Why not simply publish the raw sum: a window cell under k is published as suppressed, so the
 * raw total minus the published cells of the range's windows would be that cell. Instead each
 * breakdown cell (say {@code sex/female}) is released in <em>blocks</em>: consecutive windows,
 * starting after the last released block, that end as soon as the visitors of the block's
 * suppressed window cells add up to 0 or to at least k. A block's count is then 0 or at least k
 * (its published cells are each at least k), and the only thing a reader can derive beyond the
 * published windows is a block's suppressed visitors, 0 or at least k. Every published total (a
 * day, an hour, since the start) is a sum of whole blocks, and blocks never overlap, so no
 * combination of totals and windows isolates less than a block. Visitors still in an open block are
 * held back (the total says it is not complete) until the block closes; blocks start afresh each
 * day, so a day's last open block stays held back. An hour counts the blocks that start and end
 * within it (a window belongs to the hour of its start); the day counts all of its blocks.
 *
 * <p>{@code visitors} (all visitors) is not held back: every window publishes it.
 */
public final class RangeTotals {

    public static final Duration DAY = Duration.ofDays(1);
    public static final Duration HOUR = Duration.ofHours(1);

    /** Visitors of one cell in an open block. */
    record Pending(long blockStart, long visitors, long suppressedVisitors) {}

    private final long dayStart;
    private long firstWindowStart;
    private final SortedMap<Long, Long> visitorsByHour;
    private final SortedMap<Long, SortedMap<String, Long>> rawByHour;
    private final SortedMap<Long, SortedMap<String, Long>> releasedByHour;
    private final SortedMap<String, Long> releasedInDay;
    private final SortedMap<String, Pending> pending;

    RangeTotals(
            long dayStart,
            long firstWindowStart,
            SortedMap<Long, Long> visitorsByHour,
            SortedMap<Long, SortedMap<String, Long>> rawByHour,
            SortedMap<Long, SortedMap<String, Long>> releasedByHour,
            SortedMap<String, Long> releasedInDay,
            SortedMap<String, Pending> pending) {
        this.dayStart = dayStart;
        this.firstWindowStart = firstWindowStart;
        this.visitorsByHour = visitorsByHour;
        this.rawByHour = rawByHour;
        this.releasedByHour = releasedByHour;
        this.releasedInDay = releasedInDay;
        this.pending = pending;
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
        SortedMap<String, Long> cells = new TreeMap<>();
        window.breakdowns()
                .forEach(
                        (attribute, values) ->
                                values.forEach(
                                        (value, count) ->
                                                cells.put(cellKey(attribute, value), count)));
        cells.forEach(
                (cell, count) ->
                        rawByHour
                                .computeIfAbsent(hour, h -> new TreeMap<>())
                                .merge(cell, count, Long::sum));
        TreeMap<String, Long> touched = new TreeMap<>(cells);
        pending.keySet().forEach(cell -> touched.putIfAbsent(cell, 0L));
        touched.forEach(
                (cell, count) -> {
                    Pending open = pending.get(cell);
                    if (open == null && count == 0) {
                        return;
                    }
                    // The window's public record suppressed this cell (AudienceStatsMapping).
                    long suppressed = count > 0 && count < minCellCount ? count : 0;
                    Pending block =
                            open == null
                                    ? new Pending(windowStart, count, suppressed)
                                    : new Pending(
                                            open.blockStart(),
                                            open.visitors() + count,
                                            open.suppressedVisitors() + suppressed);
                    if (block.suppressedVisitors() == 0
                            || block.suppressedVisitors() >= minCellCount) {
                        pending.remove(cell);
                        release(cell, block, hour);
                    } else {
                        pending.put(cell, block);
                    }
                });
    }

    private void release(String cell, Pending block, long lastHour) {
        if (block.visitors() == 0) {
            return;
        }
        releasedInDay.merge(cell, block.visitors(), Long::sum);
        if (hourOf(block.blockStart()) == lastHour) {
            releasedByHour
                    .computeIfAbsent(lastHour, h -> new TreeMap<>())
                    .merge(cell, block.visitors(), Long::sum);
        }
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

    SortedMap<String, Pending> pending() {
        return pending;
    }
}
