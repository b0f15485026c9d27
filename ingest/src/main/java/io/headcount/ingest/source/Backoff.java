package io.headcount.ingest.source;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff between attempts to reopen a failed source: {@code initial}, doubled after
 * each failure up to {@code max}; back to {@code initial} once the source delivers a frame.
 *
 * @param initial wait before the first retry
 * @param max longest wait
 * @param maxAttempts consecutive failed attempts after which the camera gives up; 0 for never
 */
public record Backoff(Duration initial, Duration max, int maxAttempts) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "need 0 < initial <= max, got " + initial + " and " + max);
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException(
                    "maxAttempts must be 0 (never give up) or positive, got " + maxAttempts);
        }
    }

    public static Backoff defaults() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0);
    }

    /** Wait after {@code failures} consecutive failures (1 = the first). */
    public Duration delayAfter(int failures) {
        Duration delay = initial;
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    public boolean givesUpAfter(int failures) {
        return maxAttempts > 0 && failures >= maxAttempts;
    }
}
