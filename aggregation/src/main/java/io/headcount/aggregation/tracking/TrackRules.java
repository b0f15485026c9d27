package io.headcount.aggregation.tracking;

import java.time.Duration;

/**
 * When a track closes and when it counts as a visitor (DESIGN.md section 4). All times are event
 * time (frame times and the camera's own time, the latest of them), never the wall clock, so a
 * replay closes the same tracks at the same records.
 *
 * @param gap a track closes once its camera's time reaches its last impression plus this gap
 * @param maxDuration a track still seen once its camera's time reaches its first impression plus
 *     this duration is split: the impression that finds it that old starts a new segment
 * @param minImpressions a closed track is a visitor only with at least this many impressions
 * @param minSpan ... and only if its last impression is at least this long after its first
 * @param checkInterval how much camera time passes between two looks for tracks whose gap has
 *     passed; the window grace period must cover {@code gap + checkInterval}, since a visitor is
 *     counted in the window of its last impression
 */
public record TrackRules(
        Duration gap,
        Duration maxDuration,
        int minImpressions,
        Duration minSpan,
        Duration checkInterval) {

    public static final Duration DEFAULT_GAP = Duration.ofSeconds(3);
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(10);
    public static final int DEFAULT_MIN_IMPRESSIONS = 3;
    public static final Duration DEFAULT_MIN_SPAN = Duration.ofMillis(500);
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);

    public static TrackRules defaults() {
        return new TrackRules(
                DEFAULT_GAP,
                DEFAULT_MAX_DURATION,
                DEFAULT_MIN_IMPRESSIONS,
                DEFAULT_MIN_SPAN,
                DEFAULT_CHECK_INTERVAL);
    }

    /** The longest a closed visitor's record can trail its camera's time. */
    public Duration closingDelay() {
        return gap.plus(checkInterval);
    }

    public boolean confirms(int impressions, long firstSeen, long lastSeen) {
        return impressions >= minImpressions && lastSeen - firstSeen >= minSpan.toMillis();
    }
}
