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
    public record CellView(Long count, boolean suppressed) {}

    public record PercentilesView(long p50, long p90, long max) {}

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
                percentiles(stats.getDwellMillis()),
                percentiles(stats.getAttentionMillis()),
                stats.getModelSet(),
                new TreeMap<>(stats.getModelVersions()));
    }

    public Instant start() {
        return Instant.parse(windowStart);
    }

    private static Map<String, CellView> cells(Map<String, Cell> cells) {
        Map<String, CellView> views = new TreeMap<>();
        cells.forEach(
                (value, cell) ->
                        views.put(value, new CellView(cell.getCount(), cell.getSuppressed())));
        return views;
    }

    private static PercentilesView percentiles(Percentiles percentiles) {
        return percentiles == null
                ? null
                : new PercentilesView(
                        percentiles.getP50(), percentiles.getP90(), percentiles.getMax());
    }
}
