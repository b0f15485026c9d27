package io.headcount.scoring.score;

/**
 * Dwell-time error in ms (produced − true; negative = too short). Per track: each matched track's
 * {@code dwellMillis} against its person's {@code leave − enter}. Per person: the span from the
 * first track's first sighting to the last track's last, against the same, so fragmentation does
 * not read as short dwell.
 */
public record DwellScore(
        long tracks,
        Double trackMeanErrorMillis,
        Double trackMeanAbsoluteErrorMillis,
        long persons,
        Double personMeanErrorMillis,
        Double personMeanAbsoluteErrorMillis) {}
