package io.headcount.app.demo;

import static io.headcount.aggregation.api.WindowView.cells;

import io.headcount.aggregation.api.WindowView.CellView;
import io.headcount.aggregation.api.WindowView.PercentilesView;
import io.headcount.schemas.AudienceStats;
import java.util.Map;

/**
 * One closed window as the page reads it (JSON): the REST API's cells and percentiles ({@link
 * io.headcount.aggregation.api.WindowView}) under the page's field names, times in epoch
 * milliseconds. Breakdown cells as {@code {"count": n}} or {@code {"suppressed": true}} with no
 * count, so the page can never draw a suppressed cell as a number.
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
}
