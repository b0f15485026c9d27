package io.headcount.app.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A half-open range of capture times {@code [from, to)}: what a replay reads and what a comparison
 * looks at.
 */
public record TimeRange(Instant from, Instant to) {

    public TimeRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("--from must be before --to: " + from + " " + to);
        }
    }

    public boolean contains(Instant time) {
        return !time.isBefore(from) && time.isBefore(to);
    }

    /** Whether {@code [start, end)} lies inside this range. */
    public boolean covers(Instant start, Instant end) {
        return !start.isBefore(from) && !end.isAfter(to);
    }

    /**
     * Fails unless both ends are window boundaries: a window cut by an end would be counted from
     * part of its frames on the candidate's side and from all of them in production.
     */
    public void requireAlignedTo(Duration window) {
        long size = window.toMillis();
        if (Math.floorMod(from.toEpochMilli(), size) != 0
                || Math.floorMod(to.toEpochMilli(), size) != 0) {
            throw new IllegalArgumentException(
                    "--from and --to must be window boundaries (multiples of "
                            + size
                            + " ms since the epoch), or the first and last windows would hold only"
                            + " part of their frames: "
                            + this);
        }
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
