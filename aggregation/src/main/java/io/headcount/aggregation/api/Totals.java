package io.headcount.aggregation.api;

import io.headcount.aggregation.counting.RangeTotals;
import io.headcount.core.attributes.Attribute;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The published totals of one fixed range ({@link Range}) for a camera, a site or everything,
 * counted from the visitors of the whole range (not from the windows' published cells) and released
 * as {@link RangeTotals} explains, so that neither a total alone nor a total minus the published
 * windows (nor two totals) reveals a cell under k. {@code visitors} is every visitor of the range
 * (the windows publish it).
 *
 * @param site null for every site
 * @param camera null for every camera of the site (or of every site)
 * @param range the fixed range asked for
 * @param from the range's start (since-start: the first counted window), null when nothing counted
 * @param to the range's end, exclusive; null for since-start
 * @param cameras the cameras summed, each with its own totals (empty for one camera)
 * @param minCellCount k
 */
public record Totals(
        String site,
        String camera,
        String range,
        String from,
        String to,
        long visitors,
        Map<String, TotalCell> bySex,
        Map<String, TotalCell> byAgeGroup,
        Map<String, TotalCell> byMask,
        Map<String, TotalCell> byExpression,
        List<Totals> cameras,
        int minCellCount) {

    /**
     * @param count the visitors of this value in whole released blocks (0 or at least k); null when
     *     {@code suppressed}
     * @param suppressed the range has visitors of this value, but none released yet
     * @param complete every visitor of this value in the range is in {@code count}; false while
     *     some are held back in an open block
     */
    public record TotalCell(Long count, boolean suppressed, boolean complete) {}

    /** The fixed ranges a total is published for. */
    public enum Range {
        /** Every retained day of the camera (the store's retention), from its first window. */
        SINCE_START,
        /** The UTC day of {@code at}. */
        DAY,
        /** The hour of {@code at}. */
        HOUR;

        /** The name in requests and answers, e.g. {@code since-start}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /**
         * @throws BadRequestException for anything but since-start, day or hour
         */
        public static Range parse(String text) {
            if (text == null) {
                return SINCE_START;
            }
            for (Range range : values()) {
                if (range.label().equals(text.trim())) {
                    return range;
                }
            }
            throw new BadRequestException(
                    "range must be since-start, day or hour (totals are published for fixed ranges"
                            + " only): "
                            + text);
        }
    }

    /**
     * One camera's totals of {@code range} at {@code at} from its day records.
     *
     * @param days the camera's {@link RangeTotals}, one per retained UTC day
     */
    public static Totals ofCamera(
            String site,
            String camera,
            Range range,
            long at,
            List<RangeTotals> days,
            int minCellCount) {
        RangeTotals.Released released = RangeTotals.Released.none();
        String from = null;
        String to = null;
        switch (range) {
            case SINCE_START -> {
                long first = Long.MAX_VALUE;
                for (RangeTotals day : days) {
                    released = released.plus(day.sinceStartPart());
                    first = Math.min(first, day.firstWindowStart());
                }
                from = first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first).toString();
            }
            case DAY -> {
                long start = RangeTotals.dayOf(at);
                for (RangeTotals day : days) {
                    if (day.dayStart() == start) {
                        released = day.day();
                    }
                }
                from = Instant.ofEpochMilli(start).toString();
                to = Instant.ofEpochMilli(start + RangeTotals.DAY.toMillis()).toString();
            }
            case HOUR -> {
                long start =
                        Math.floorDiv(at, RangeTotals.HOUR.toMillis())
                                * RangeTotals.HOUR.toMillis();
                for (RangeTotals day : days) {
                    if (day.dayStart() == RangeTotals.dayOf(start)) {
                        released = day.hour(start);
                    }
                }
                from = Instant.ofEpochMilli(start).toString();
                to = Instant.ofEpochMilli(start + RangeTotals.HOUR.toMillis()).toString();
            }
        }
        return new Totals(
                site,
                camera,
                range.label(),
                from,
                to,
                released.visitors(),
                cells(released, Attribute.SEX),
                cells(released, Attribute.AGE),
                cells(released, Attribute.MASK),
                cells(released, Attribute.EXPRESSION),
                List.of(),
                minCellCount);
    }

    private static Map<String, TotalCell> cells(
            RangeTotals.Released released, Attribute attribute) {
        String prefix = RangeTotals.cellKey(attribute.settingName(), "");
        Map<String, TotalCell> cells = new TreeMap<>();
        released.raw()
                .forEach(
                        (key, raw) -> {
                            if (!key.startsWith(prefix)) {
                                return;
                            }
                            long count = released.released().getOrDefault(key, 0L);
                            cells.put(
                                    key.substring(prefix.length()),
                                    count == 0
                                            ? new TotalCell(null, true, false)
                                            : new TotalCell(count, false, count == raw));
                        });
        return cells;
    }

    /**
     * The sum of several cameras' totals (each already released: a sum of released counts is itself
     * a sum of whole blocks).
     */
    public static Totals sum(
            String site, String camera, Range range, List<Totals> cameras, int minCellCount) {
        if (camera != null && cameras.size() == 1) {
            return cameras.get(0);
        }
        long visitors = 0;
        String from = null;
        String to = null;
        for (Totals one : cameras) {
            visitors += one.visitors();
            if (one.from() != null && (from == null || one.from().compareTo(from) < 0)) {
                from = one.from();
            }
            to = one.to();
        }
        List<Totals> sorted = new ArrayList<>(cameras);
        sorted.sort(java.util.Comparator.comparing(Totals::site).thenComparing(Totals::camera));
        return new Totals(
                site,
                camera,
                range.label(),
                from,
                to,
                visitors,
                sum(cameras, Totals::bySex),
                sum(cameras, Totals::byAgeGroup),
                sum(cameras, Totals::byMask),
                sum(cameras, Totals::byExpression),
                List.copyOf(sorted),
                minCellCount);
    }

    private static Map<String, TotalCell> sum(
            List<Totals> cameras, java.util.function.Function<Totals, Map<String, TotalCell>> of) {
        Map<String, long[]> sums = new TreeMap<>();
        Map<String, Boolean> complete = new TreeMap<>();
        for (Totals one : cameras) {
            of.apply(one)
                    .forEach(
                            (value, cell) -> {
                                sums.computeIfAbsent(value, v -> new long[1])[0] +=
                                        cell.count() == null ? 0 : cell.count();
                                complete.merge(value, cell.complete(), Boolean::logicalAnd);
                            });
        }
        Map<String, TotalCell> cells = new TreeMap<>();
        sums.forEach(
                (value, sum) ->
                        cells.put(
                                value,
                                sum[0] == 0
                                        ? new TotalCell(null, true, false)
                                        : new TotalCell(sum[0], false, complete.get(value))));
        return cells;
    }
}
