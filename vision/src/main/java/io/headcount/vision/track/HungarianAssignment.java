package io.headcount.vision.track;

import java.util.Arrays;

/**
 * Minimum-cost assignment of rows to columns (the Hungarian method with potentials, O(n^2 m)). A
 * rectangular matrix is allowed: every row of the smaller side gets exactly one column.
 */
final class HungarianAssignment {

    private HungarianAssignment() {}

    /**
     * @param cost {@code rows x columns}, finite values
     * @return for each row its column, or -1 when there are more rows than columns and the row got
     *     none
     */
    static int[] solve(double[][] cost) {
        int rows = cost.length;
        int columns = rows == 0 ? 0 : cost[0].length;
        int[] assignment = new int[rows];
        Arrays.fill(assignment, -1);
        if (rows == 0 || columns == 0) {
            return assignment;
        }
        if (rows > columns) {
            int[] byColumn = solve(transpose(cost));
            for (int column = 0; column < byColumn.length; column++) {
                assignment[byColumn[column]] = column;
            }
            return assignment;
        }
        // 1-based arrays; column 0 is the virtual start column of each augmenting path.
        double[] u = new double[rows + 1];
        double[] v = new double[columns + 1];
        int[] rowOfColumn = new int[columns + 1];
        int[] previous = new int[columns + 1];
        for (int row = 1; row <= rows; row++) {
            rowOfColumn[0] = row;
            int column0 = 0;
            double[] slack = new double[columns + 1];
            Arrays.fill(slack, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[columns + 1];
            do {
                used[column0] = true;
                int row0 = rowOfColumn[column0];
                double delta = Double.POSITIVE_INFINITY;
                int column1 = 0;
                for (int column = 1; column <= columns; column++) {
                    if (!used[column]) {
                        double reduced = cost[row0 - 1][column - 1] - u[row0] - v[column];
                        if (reduced < slack[column]) {
                            slack[column] = reduced;
                            previous[column] = column0;
                        }
                        if (slack[column] < delta) {
                            delta = slack[column];
                            column1 = column;
                        }
                    }
                }
                for (int column = 0; column <= columns; column++) {
                    if (used[column]) {
                        u[rowOfColumn[column]] += delta;
                        v[column] -= delta;
                    } else {
                        slack[column] -= delta;
                    }
                }
                column0 = column1;
            } while (rowOfColumn[column0] != 0);
            do {
                int column1 = previous[column0];
                rowOfColumn[column0] = rowOfColumn[column1];
                column0 = column1;
            } while (column0 != 0);
        }
        for (int column = 1; column <= columns; column++) {
            if (rowOfColumn[column] != 0) {
                assignment[rowOfColumn[column] - 1] = column - 1;
            }
        }
        return assignment;
    }

    private static double[][] transpose(double[][] cost) {
        double[][] out = new double[cost[0].length][cost.length];
        for (int i = 0; i < cost.length; i++) {
            for (int j = 0; j < cost[0].length; j++) {
                out[j][i] = cost[i][j];
            }
        }
        return out;
    }
}
