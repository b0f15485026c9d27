package io.headcount.aggregation.api;

import io.headcount.aggregation.api.WindowView.CellView;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Sums of the emitted windows of a query. {@code frames}, {@code faceObservations} and {@code
 * visitors} add up every window. A breakdown cell adds up only the windows where it was emitted
 * un-suppressed (the suppressed ones have no count: their visitors are missing from it, so a cell
 * is a lower bound whenever {@code windowsSuppressed > 0}), and the sum is suppressed again when it
 * is below k: adding small published cells never publishes a small number.
 *
 * @param windows how many windows were summed
 * @param minCellCount k
 */
public record Totals(
        String site,
        String camera,
        String from,
        String to,
        int windows,
        long frames,
        long faceObservations,
        long visitors,
        Map<String, TotalCell> bySex,
        Map<String, TotalCell> byAgeGroup,
        Map<String, TotalCell> byMask,
        Map<String, TotalCell> byExpression,
        int minCellCount) {

    /**
     * @param count the sum of the un-suppressed window cells; null when {@code suppressed}
     * @param suppressed the sum is below k
     * @param windowsSuppressed windows in which this cell was suppressed (not in {@code count})
     */
    public record TotalCell(Long count, boolean suppressed, int windowsSuppressed) {}

    public static Totals of(QueryParameters query, List<WindowView> windows, int minCellCount) {
        long frames = 0;
        long faces = 0;
        long visitors = 0;
        for (WindowView window : windows) {
            frames += window.frames();
            faces += window.faceObservations();
            visitors += window.visitors();
        }
        return new Totals(
                query.site(),
                query.camera(),
                query.fromMillis() == 0
                        ? null
                        : java.time.Instant.ofEpochMilli(query.fromMillis()).toString(),
                query.toMillis() == Long.MAX_VALUE
                        ? null
                        : java.time.Instant.ofEpochMilli(query.toMillis()).toString(),
                windows.size(),
                frames,
                faces,
                visitors,
                sum(windows, WindowView::bySex, minCellCount),
                sum(windows, WindowView::byAgeGroup, minCellCount),
                sum(windows, WindowView::byMask, minCellCount),
                sum(windows, WindowView::byExpression, minCellCount),
                minCellCount);
    }

    static Map<String, TotalCell> sum(
            List<WindowView> windows,
            Function<WindowView, Map<String, CellView>> breakdown,
            int minCellCount) {
        Map<String, long[]> sums = new TreeMap<>();
        for (WindowView window : windows) {
            breakdown
                    .apply(window)
                    .forEach(
                            (value, cell) -> {
                                long[] sum = sums.computeIfAbsent(value, v -> new long[2]);
                                if (cell.suppressed() || cell.count() == null) {
                                    sum[1]++;
                                } else {
                                    sum[0] += cell.count();
                                }
                            });
        }
        Map<String, TotalCell> cells = new TreeMap<>();
        sums.forEach(
                (value, sum) ->
                        cells.put(
                                value,
                                sum[0] < minCellCount
                                        ? new TotalCell(null, true, (int) sum[1])
                                        : new TotalCell(sum[0], false, (int) sum[1])));
        return cells;
    }
}
