package io.headcount.aggregation.counting;

import io.headcount.aggregation.domain.SiteCamera;
import io.headcount.core.attributes.Attribute;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.Cell;
import io.headcount.schemas.Percentiles;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a closed window's tally into the public {@link AudienceStats} record and its key, applying
 * small-cell suppression (DESIGN.md section 5): a breakdown's cells are published or suppressed
 * ({@code Cell(count=null, suppressed=true)}) as {@link CellSuppression} says, and the dwell and
 * attention percentiles are null when the window has fewer than k visitors (a percentile of one or
 * two people is their own time). The totals {@code frames}, {@code faceObservations} and {@code
 * visitors} are not suppressed.
 */
public final class AudienceStatsMapping {

    /** Joins the model sets of a window that saw more than one (e.g. during a model rollout). */
    public static final String MODEL_SET_SEPARATOR = "+";

    /** Joins the versions of one model in a window that saw more than one. */
    public static final String VERSION_SEPARATOR = ",";

    private final int minCellCount;

    /**
     * @param minCellCount k: cells with fewer visitors are suppressed
     */
    public AudienceStatsMapping(int minCellCount) {
        this.minCellCount = minCellCount;
    }

    /** k: cells with fewer visitors are suppressed. */
    public int minCellCount() {
        return minCellCount;
    }

    /** The public record of the window of {@code cell} from {@code start} to {@code end}. */
    AudienceStats stats(SiteCamera cell, long start, long end, WindowTally tally) {
        Map<String, String> modelVersions = new LinkedHashMap<>();
        tally.modelVersions()
                .forEach(
                        (model, versions) ->
                                modelVersions.put(model, String.join(VERSION_SEPARATOR, versions)));
        boolean enoughVisitors = tally.visitors() >= minCellCount;
        return AudienceStats.newBuilder()
                .setSite(cell.site())
                .setCamera(cell.camera())
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(end))
                .setFrames(tally.frames())
                .setFaceObservations(tally.faceObservations())
                .setVisitors(tally.visitors())
                .setBySex(cells(tally, Attribute.SEX))
                .setByAgeGroup(cells(tally, Attribute.AGE))
                .setByMask(cells(tally, Attribute.MASK))
                .setByExpression(cells(tally, Attribute.EXPRESSION))
                .setDwellMillis(enoughVisitors ? percentiles(tally.dwellMillis()) : null)
                .setAttentionMillis(enoughVisitors ? percentiles(tally.attentionMillis()) : null)
                // Every model set that processed a frame or produced an observation of the window
                // is named,
                // joined when several.
                .setModelSet(String.join(MODEL_SET_SEPARATOR, tally.modelSets()))
                .setModelVersions(modelVersions)
                .build();
    }

    private Map<String, Cell> cells(WindowTally tally, Attribute attribute) {
        CellSuppression.Breakdown breakdown =
                CellSuppression.of(
                        tally.breakdowns()
                                .getOrDefault(
                                        attribute.settingName(), Collections.emptySortedMap()),
                        minCellCount);
        Map<String, Cell> cells = new TreeMap<>();
        breakdown.published().forEach((value, count) -> cells.put(value, new Cell(count, false)));
        if (!breakdown.hidden()) {
            breakdown
                    .suppressed()
                    .keySet()
                    .forEach(value -> cells.put(value, new Cell(null, true)));
        }
        return cells;
    }

    /** Nearest-rank percentiles of sorted values; null for none. */
    static Percentiles percentiles(List<Long> sorted) {
        if (sorted.isEmpty()) {
            return null;
        }
        return new Percentiles(rank(sorted, 0.5), rank(sorted, 0.9), sorted.get(sorted.size() - 1));
    }

    private static long rank(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
