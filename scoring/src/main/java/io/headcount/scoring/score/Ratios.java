package io.headcount.scoring.score;

/** Fractions that are undefined (null in the report, not 0 or NaN) when nothing was measured. */
final class Ratios {

    private Ratios() {}

    static Double ratio(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }

    static Double mean(double sum, long count) {
        return count == 0 ? null : sum / count;
    }

    static Double absoluteDifference(Double a, Double b) {
        return a == null || b == null ? null : Math.abs(a - b);
    }
}
