package io.headcount.aggregation.api;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.Cell;
import io.headcount.schemas.Percentiles;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of one emitted window: the {@link AudienceStats} record as written on {@code
 * audience-stats}, suppressed cells included as {@code {"count": null, "suppressed": true}}.
 */
public record WindowView(
        String site,
        String camera,
        String windowStart,
        String windowEnd,
        long frames,
        long faceObservations,
        long visitors,
        Map<String, CellView> bySex,
        Map<String, CellView> byAgeGroup,
        Map<String, CellView> byMask,
        Map<String, CellView> byExpression,
        PercentilesView dwellMillis,
        PercentilesView attentionMillis,
        String modelSet,
        Map<String, String> modelVersions) {

    /** A breakdown cell: {@code count} is null when {@code suppressed}. */
    public record CellView(Long count, boolean suppressed) {
        /** The cell as published; a suppressed cell never carries its count. */
        public static CellView of(Cell cell) {
            return cell.getSuppressed()
                    ? new CellView(null, true)
                    : new CellView(cell.getCount(), false);
        }
    }

    public record PercentilesView(long p50, long p90, long max) {
        /** Null stays null: percentiles are withheld below k visitors. */
        public static PercentilesView of(Percentiles percentiles) {
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
                stats.getWindowStart().toString(),
                stats.getWindowEnd().toString(),
                stats.getFrames(),
                stats.getFaceObservations(),
                stats.getVisitors(),
                cells(stats.getBySex()),
                cells(stats.getByAgeGroup()),
                cells(stats.getByMask()),
                cells(stats.getByExpression()),
                PercentilesView.of(stats.getDwellMillis()),
                PercentilesView.of(stats.getAttentionMillis()),
                stats.getModelSet(),
                new TreeMap<>(stats.getModelVersions()));
    }

    public Instant start() {
        return Instant.parse(windowStart);
    }

    /** Breakdown cells by value, sorted. */
    public static Map<String, CellView> cells(Map<String, Cell> cells) {
        Map<String, CellView> views = new TreeMap<>();
        cells.forEach((value, cell) -> views.put(value, CellView.of(cell)));
        return views;
    }
}
