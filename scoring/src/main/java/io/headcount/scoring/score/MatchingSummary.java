package io.headcount.scoring.score;

/**
 * How the matching went: its settings and what the matches rest on.
 *
 * @param truthHasBoxes false when the truth gives persons only (then tracks match by time alone and
 *     ID switches cannot be seen)
 */
public record MatchingSummary(
        double minIou,
        long boxTimeToleranceMillis,
        boolean truthHasBoxes,
        long tracksMatchedByBoxes,
        long tracksMatchedByTime) {}
