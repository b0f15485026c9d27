package io.headcount.aggregation.store;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.Cell;
import java.util.EnumMap;
import java.util.Map;

/**
 * The breakdowns of an {@code AudienceStats}, by the name stored in column {@code
 * audience_cell.dimension}: the same names as the per-site attribute switches.
 */
enum BreakdownDimension {
    SEX("sex"),
    AGE("age"),
    MASK("mask"),
    EXPRESSION("expression");

    private final String column;

    BreakdownDimension(String column) {
        this.column = column;
    }

    /** The value of column {@code dimension}. */
    String column() {
        return column;
    }

    static Map<BreakdownDimension, Map<String, Cell>> cellsOf(AudienceStats stats) {
        Map<BreakdownDimension, Map<String, Cell>> cells = new EnumMap<>(BreakdownDimension.class);
        cells.put(SEX, orEmpty(stats.getBySex()));
        cells.put(AGE, orEmpty(stats.getByAgeGroup()));
        cells.put(MASK, orEmpty(stats.getByMask()));
        cells.put(EXPRESSION, orEmpty(stats.getByExpression()));
        return cells;
    }

    private static Map<String, Cell> orEmpty(Map<String, Cell> cells) {
        return cells == null ? Map.of() : cells;
    }
}
