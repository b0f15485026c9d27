package io.headcount.aggregation.store;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.Cell;
import io.headcount.schemas.Percentiles;
import java.util.Map;
import java.util.Optional;

/**
 * What a decoded {@code AudienceStats} must satisfy to be stored; a record that does not is a dead
 * letter with the returned reason, not a database error that would stall the batch.
 */
final class StatsRecordCheck {

    static final String MISSING_SITE_OR_CAMERA = "MISSING_SITE_OR_CAMERA";
    static final String MISSING_MODEL_SET = "MISSING_MODEL_SET";
    static final String WINDOW_END_NOT_AFTER_START = "WINDOW_END_NOT_AFTER_START";
    static final String NEGATIVE_COUNT = "NEGATIVE_COUNT";
    static final String CELL_WITHOUT_COUNT = "CELL_WITHOUT_COUNT";

    private StatsRecordCheck() {}

    /** The reason the record cannot be stored, or empty if it can. */
    static Optional<String> rejection(AudienceStats stats) {
        if (blank(stats.getSite()) || blank(stats.getCamera())) {
            return Optional.of(MISSING_SITE_OR_CAMERA);
        }
        if (blank(stats.getModelSet())) {
            return Optional.of(MISSING_MODEL_SET);
        }
        if (!stats.getWindowEnd().isAfter(stats.getWindowStart())) {
            return Optional.of(WINDOW_END_NOT_AFTER_START);
        }
        if (stats.getFrames() < 0
                || stats.getFaceObservations() < 0
                || stats.getVisitors() < 0
                || negative(stats.getDwellMillis())
                || negative(stats.getAttentionMillis())) {
            return Optional.of(NEGATIVE_COUNT);
        }
        for (Map<String, Cell> cells : BreakdownDimension.cellsOf(stats).values()) {
            for (Cell cell : cells.values()) {
                // A suppressed cell's count is dropped when stored; a shown cell needs one.
                if (!cell.getSuppressed() && cell.getCount() == null) {
                    return Optional.of(CELL_WITHOUT_COUNT);
                }
                if (cell.getCount() != null && cell.getCount() < 0) {
                    return Optional.of(NEGATIVE_COUNT);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean negative(Percentiles percentiles) {
        return percentiles != null
                && (percentiles.getP50() < 0
                        || percentiles.getP90() < 0
                        || percentiles.getMax() < 0);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
