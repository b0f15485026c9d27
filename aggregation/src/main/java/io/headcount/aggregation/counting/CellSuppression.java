package io.headcount.aggregation.counting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Small-cell suppression of one window's breakdown (say {@code bySex}, its {@code undetermined}
 * cell included), the one rule behind every output that publishes window cells (DESIGN.md section
 * 5): the {@code audience-stats} record ({@link AudienceStatsMapping}), and so the REST windows,
 * the stats store and the Prometheus meters made from it, and the blocks of the {@link
 * RangeTotals}.
 *
 * <p>A breakdown's cells add up to the window's {@code visitors}, which is published, so what a
 * reader derives from a breakdown is {@code visitors} minus its published cells: the sum of its
 * suppressed cells. A reader also sees which values have a cell, and each listed cell holds at
 * least one visitor. The rule:
 *
 * <ol>
 *   <li><b>Primary</b>: a cell under k is suppressed.
 *   <li><b>Secondary</b>: while the suppressed cells are fewer than two, or add up to less than k,
 *       or to no more than their number (one visitor each, as a reader could then tell), the
 *       smallest published cell (ties: first value in sort order) is suppressed as well.
 *   <li><b>Hidden</b>: when every cell is then suppressed and they are still a single cell, or one
 *       visitor each, the cells themselves would say the counts ({@code visitors} is the one
 *       value's count, or every count is 1): the breakdown is published with no cells at all.
 * </ol>
 *
 * So the suppressed cells of a breakdown are none, or at least two that together hold at least k
 * visitors and more visitors than cells, and no one of them follows from {@code visitors} and the
 * rest. A breakdown of fewer than k visitors has every cell suppressed (its sum is {@code
 * visitors}, below k, and no secondary cell can change that): then no cell follows from it alone
 * either, since there are at least two of them with more visitors than cells, or none are listed.
 */
public final class CellSuppression {

    private CellSuppression() {}

    /**
     * How one breakdown is published.
     *
     * @param published the cells shown with their counts (each at least k)
     * @param suppressed the cells shown as suppressed, primary and secondary, with their raw counts
     *     (internal, never published)
     * @param hidden every cell suppressed and not even listed
     */
    public record Breakdown(
            SortedMap<String, Long> published, SortedMap<String, Long> suppressed, boolean hidden) {

        /** The cells a reader sees listed, suppressed ones included. */
        public SortedSet<String> listedValues() {
            SortedSet<String> listed = new TreeSet<>(published.keySet());
            if (!hidden) {
                listed.addAll(suppressed.keySet());
            }
            return listed;
        }

        /** Whether any cell is not shown with its count. */
        public boolean anySuppressed() {
            return !suppressed.isEmpty();
        }
    }

    /**
     * @param counts visitors per value of one breakdown in one window (values counting 0 are left
     *     out)
     * @param minCellCount k
     */
    public static Breakdown of(Map<String, Long> counts, int minCellCount) {
        SortedMap<String, Long> published = new TreeMap<>();
        SortedMap<String, Long> suppressed = new TreeMap<>();
        counts.forEach(
                (value, count) -> {
                    if (count > 0) {
                        (count < minCellCount ? suppressed : published).put(value, count);
                    }
                });
        if (suppressed.isEmpty()) {
            return new Breakdown(published, suppressed, false);
        }
        List<Map.Entry<String, Long>> smallestFirst = new ArrayList<>(published.entrySet());
        smallestFirst.sort(
                Map.Entry.<String, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<String, Long> next : smallestFirst) {
            if (protects(suppressed, minCellCount)) {
                break;
            }
            published.remove(next.getKey());
            suppressed.put(next.getKey(), next.getValue());
        }
        boolean hidden = published.isEmpty() && revealsCounts(suppressed);
        return new Breakdown(
                Collections.unmodifiableSortedMap(published),
                Collections.unmodifiableSortedMap(suppressed),
                hidden);
    }

    /** At least two cells, together at least k visitors and more visitors than cells. */
    private static boolean protects(SortedMap<String, Long> suppressed, int minCellCount) {
        long sum = sum(suppressed);
        return suppressed.size() >= 2 && sum >= minCellCount && sum > suppressed.size();
    }

    /** A single listed cell, or one visitor in each: the listed values alone say the counts. */
    private static boolean revealsCounts(SortedMap<String, Long> suppressed) {
        return suppressed.size() == 1 || sum(suppressed) == suppressed.size();
    }

    private static long sum(Map<String, Long> cells) {
        return cells.values().stream().mapToLong(Long::longValue).sum();
    }
}
