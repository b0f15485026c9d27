package io.headcount.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Tumbling windows aligned to the epoch, as the aggregation counts them: a window of size {@code w}
 * starts at every multiple of {@code w} milliseconds.
 */
public final class Windows {

    private Windows() {}

    /** Start of the window of size {@code window} that holds {@code time}. */
    public static Instant startOf(Instant time, Duration window) {
        return Instant.ofEpochMilli(startOf(time.toEpochMilli(), requirePositive(window)));
    }

    /**
     * Start, in epoch milliseconds, of the window of {@code windowMillis} (positive) that holds
     * {@code epochMillis}.
     */
    public static long startOf(long epochMillis, long windowMillis) {
        return epochMillis - Math.floorMod(epochMillis, windowMillis);
    }

    /**
     * A start for {@code span} of event time that ends about now, on a window boundary: Kafka
     * refuses timestamps far in the future and deletes old ones, and aligned windows read better.
     */
    public static Instant recentStart(Duration span, Duration window) {
        return startOf(Instant.now().minus(span), window);
    }

    private static long requirePositive(Duration window) {
        long millis = window.toMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException("window must be at least 1 ms, got " + window);
        }
        return millis;
    }
}
