package io.headcount.app.demo;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.Cell;
import io.headcount.schemas.Percentiles;
import java.util.Map;
import java.util.TreeMap;

/**
 * One closed window as the page reads it (JSON): times in epoch milliseconds, breakdown cells as
 * {@code {"count": n}} or {@code {"suppressed": true}} with no count, so the page can never draw a
 * suppressed cell as a number.
 */
public record WindowView(
        String site,
        String camera,
        long start,
        long end,
        long frames,
        long faces,
        long visitors,
        Map<String, CellView> sex,
        Map<String, CellView> ageGroup,
        Map<String, CellView> mask,
        Map<String, CellView> expression,
        PercentilesView dwellMillis,
        PercentilesView attentionMillis) {

    /** A breakdown cell; {@code count} is null when suppressed. */
    public record CellView(Long count, boolean suppressed) {
        static CellView of(Cell cell) {
            return cell.getSuppressed()
                    ? new CellView(null, true)
                    : new CellView(cell.getCount(), false);
        }
    }

    public record PercentilesView(long p50, long p90, long max) {
        static PercentilesView of(Percentiles percentiles) {
            return percentiles == null
                    ? null
                    : new PercentilesView(
                            percentiles.getP50(), percentiles.getP90(), percentiles.getMax());
        }
    }

    public static WindowView of(AudienceStats stats) {
        return new WindowView(
                stats.getSite(),
                stats.getCamera(),
                stats.getWindowStart().toEpochMilli(),
                stats.getWindowEnd().toEpochMilli(),
                stats.getFrames(),
                stats.getFaceObservations(),
                stats.getVisitors(),
                cells(stats.getBySex()),
                cells(stats.getByAgeGroup()),
                cells(stats.getByMask()),
                cells(stats.getByExpression()),
                PercentilesView.of(stats.getDwellMillis()),
                PercentilesView.of(stats.getAttentionMillis()));
    }

    /** The camera as the page names it: {@code site/camera}. */
    public String source() {
        return site + "/" + camera;
    }

    private static Map<String, CellView> cells(Map<? extends CharSequence, Cell> cells) {
        Map<String, CellView> views = new TreeMap<>();
        cells.forEach((label, cell) -> views.put(label.toString(), CellView.of(cell)));
        return views;
    }
}
