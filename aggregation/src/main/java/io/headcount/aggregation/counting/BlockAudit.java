package io.headcount.aggregation.counting;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Whether the block of one attribute in {@link RangeTotals} may be released: what a reader would
 * know then is a table of the block's suppressed window cells, rows the windows and columns the
 * values, with every row's sum ({@code visitors} minus the window's published cells) and every
 * column's sum (the block's released count minus the published cells). The block may be released
 * when every column sum is 0 or at least k, and no cell of the table follows from those sums.
 *
 * <p>A cell follows from the sums unless another table with the same sums gives it another count.
 * Two such tables differ by cycles that alternately add one to a cell and take one from another
 * cell of the same row (or column), so a cell can change if and only if a cycle through it can go
 * one way or the other without taking a cell below what a reader knows it holds: 1 for a cell a
 * window listed as suppressed, 0 for the values of a window that listed none of its cells ({@link
 * CellSuppression.Breakdown#hidden()}, a reader then does not know which values it had, only that
 * they are among the block's). The search for such a cycle is a walk over the table's cells per
 * cell: a block holds a few dozen windows, and the walk runs only once the column sums allow a
 * release.
 */
final class BlockAudit {

    private BlockAudit() {}

    /**
     * @param rows the block's windows that suppressed a cell
     * @param minCellCount k
     */
    static boolean releasable(List<RangeTotals.Row> rows, int minCellCount) {
        SortedMap<String, Long> columns = new TreeMap<>();
        rows.forEach(row -> row.suppressed().forEach((v, n) -> columns.merge(v, n, Long::sum)));
        for (long sum : columns.values()) {
            if (sum > 0 && sum < minCellCount) {
                return false;
            }
        }
        columns.values().removeIf(sum -> sum == 0);
        return new Table(rows, List.copyOf(columns.keySet())).noCellFollows();
    }

    /** The table as a bipartite graph: rows are nodes 0..r-1, columns r..r+c-1, cells edges. */
    private static final class Table {
        private final int rowCount;
        private final List<int[]> ends = new ArrayList<>();
        private final List<long[]> countAndLeast = new ArrayList<>();
        private final List<List<Integer>> cellsAt = new ArrayList<>();

        Table(List<RangeTotals.Row> rows, List<String> values) {
            rowCount = rows.size();
            for (int node = 0; node < rows.size() + values.size(); node++) {
                cellsAt.add(new ArrayList<>());
            }
            for (int r = 0; r < rows.size(); r++) {
                RangeTotals.Row row = rows.get(r);
                for (int v = 0; v < values.size(); v++) {
                    Long count = row.suppressed().get(values.get(v));
                    if (row.hidden()) {
                        add(r, rowCount + v, count == null ? 0 : count, 0);
                    } else if (count != null && count > 0) {
                        add(r, rowCount + v, count, 1);
                    }
                }
            }
        }

        private void add(int row, int column, long count, long least) {
            int cell = ends.size();
            ends.add(new int[] {row, column});
            countAndLeast.add(new long[] {count, least});
            cellsAt.get(row).add(cell);
            cellsAt.get(column).add(cell);
        }

        boolean noCellFollows() {
            for (int cell = 0; cell < ends.size(); cell++) {
                int row = ends.get(cell)[0];
                int column = ends.get(cell)[1];
                boolean canGrow = reaches(column, row, cell);
                boolean canShrink = canShrink(cell) && reaches(row, column, cell);
                if (!canGrow && !canShrink) {
                    return false;
                }
            }
            return true;
        }

        private boolean canShrink(int cell) {
            return countAndLeast.get(cell)[0] > countAndLeast.get(cell)[1];
        }

        /**
         * Whether a path from {@code from} to {@code to}, not through {@code skipped}, goes from a
         * row to a column by adding one to a cell and from a column to a row by taking one from a
         * cell that can spare it: with the skipped cell, such a path closes a cycle.
         */
        private boolean reaches(int from, int to, int skipped) {
            boolean[] seen = new boolean[cellsAt.size()];
            Deque<Integer> next = new ArrayDeque<>();
            next.add(from);
            seen[from] = true;
            while (!next.isEmpty()) {
                int node = next.poll();
                if (node == to) {
                    return true;
                }
                boolean isRow = node < rowCount;
                for (int cell : cellsAt.get(node)) {
                    if (cell == skipped || (!isRow && !canShrink(cell))) {
                        continue;
                    }
                    int other = ends.get(cell)[isRow ? 1 : 0];
                    if (!seen[other]) {
                        seen[other] = true;
                        next.add(other);
                    }
                }
            }
            return false;
        }
    }
}
