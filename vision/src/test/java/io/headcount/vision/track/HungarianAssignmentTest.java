package io.headcount.vision.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HungarianAssignmentTest {

    @Test
    void findsTheKnownOptimumOfASmallMatrix() {
        double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
        // Greedy takes the 0 at (1,1) first and ends at 0 + 3 + 3 = 6; the optimum is 1 + 2 + 2 =
        // 5.
        assertThat(HungarianAssignment.solve(cost)).containsExactly(1, 0, 2);
    }

    @Test
    void matchesBruteForceOnRandomSquareAndRectangularMatrices() {
        Random random = new Random(42);
        for (int trial = 0; trial < 300; trial++) {
            int rows = 1 + random.nextInt(6);
            int columns = 1 + random.nextInt(6);
            double[][] cost = new double[rows][columns];
            for (double[] row : cost) {
                for (int j = 0; j < columns; j++) {
                    row[j] = random.nextInt(4) == 0 ? 1.0 : random.nextDouble();
                }
            }

            int[] assignment = HungarianAssignment.solve(cost);

            assertThat(total(cost, assignment))
                    .isCloseTo(bruteForce(cost, 0, new boolean[columns]), within(1e-9));
            assertThat(Arrays.stream(assignment).filter(c -> c >= 0).count())
                    .isEqualTo(Math.min(rows, columns));
            assertThat(Arrays.stream(assignment).filter(c -> c >= 0).distinct().count())
                    .isEqualTo(Math.min(rows, columns));
        }
    }

    @Test
    void iouMatcherNeverPairsBoxesBelowTheMinimumOverlap() {
        List<float[]> tracks = List.of(new float[] {0, 0, 10, 10}, new float[] {100, 100, 10, 10});
        List<float[]> detections =
                List.of(new float[] {1, 1, 10, 10}, new float[] {300, 300, 10, 10});

        List<IouMatcher.Pair> pairs = IouMatcher.match(tracks, detections, 0.3f);

        assertThat(pairs).containsExactly(new IouMatcher.Pair(0, 0));
    }

    private static double total(double[][] cost, int[] assignment) {
        double sum = 0;
        for (int row = 0; row < assignment.length; row++) {
            if (assignment[row] >= 0) {
                sum += cost[row][assignment[row]];
            }
        }
        return sum;
    }

    /** Minimum over all assignments of min(rows, columns) pairs. */
    private static double bruteForce(double[][] cost, int row, boolean[] used) {
        int rows = cost.length;
        int columns = cost[0].length;
        if (row == rows) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        int free = 0;
        for (boolean u : used) {
            free += u ? 0 : 1;
        }
        if (rows - row > free) {
            // More rows left than columns: this row may stay unassigned.
            best = bruteForce(cost, row + 1, used);
        }
        for (int column = 0; column < columns; column++) {
            if (!used[column]) {
                used[column] = true;
                best = Math.min(best, cost[row][column] + bruteForce(cost, row + 1, used));
                used[column] = false;
            }
        }
        return best;
    }
}
