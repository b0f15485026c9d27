package io.headcount.aggregation.settings;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/** The count windows, how long the emitted ones are kept, and the accepted clock skew. */
public final class WindowOptions {

    /** Tumbling window length in milliseconds; default 60000 (DESIGN.md section 4). */
    public static final String WINDOW_SIZE_MS = SettingKeys.PREFIX + "window.size.ms";

    /** Grace period in milliseconds after a window's end; default 10000. */
    public static final String WINDOW_GRACE_MS = SettingKeys.PREFIX + "window.grace.ms";

    /**
     * Retention of the emitted windows the REST API serves, in milliseconds, at least window size +
     * grace; default 86400000.
     */
    public static final String STORE_RETENTION_MS = SettingKeys.PREFIX + "store.retention.ms";

    /**
     * Largest accepted lead of a frame time over the wall clock, in milliseconds; default 300000.
     */
    public static final String MAX_FUTURE_SKEW_MS = SettingKeys.PREFIX + "max.future.skew.ms";

    public static final Duration DEFAULT_WINDOW_SIZE = Duration.ofMinutes(1);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_STORE_RETENTION = Duration.ofDays(1);
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    private WindowOptions() {}

    public static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(WINDOW_SIZE_MS, Long.toString(DEFAULT_WINDOW_SIZE.toMillis()));
        defaults.put(WINDOW_GRACE_MS, Long.toString(DEFAULT_GRACE.toMillis()));
        defaults.put(STORE_RETENTION_MS, Long.toString(DEFAULT_STORE_RETENTION.toMillis()));
        defaults.put(MAX_FUTURE_SKEW_MS, Long.toString(DEFAULT_MAX_FUTURE_SKEW.toMillis()));
        return defaults;
    }

    /**
     * @throws ConfigException for a window that is not positive, or a negative grace or skew
     */
    public static void requireValid(Duration windowSize, Duration grace, Duration maxFutureSkew) {
        SettingValues.requirePositive(WINDOW_SIZE_MS, windowSize);
        SettingValues.requireNotNegative(WINDOW_GRACE_MS, grace);
        SettingValues.requireNotNegative(MAX_FUTURE_SKEW_MS, maxFutureSkew);
    }

    /**
     * @param closingDelay the longest a visitor can trail its camera's time ({@code
     *     TrackRules.closingDelay()}): the grace must cover it
     * @throws ConfigException for a grace shorter than {@code closingDelay}, or a store retention
     *     shorter than a window and its grace
     */
    public static void requireConsistent(
            Duration windowSize, Duration grace, Duration storeRetention, Duration closingDelay) {
        if (grace != null && grace.compareTo(closingDelay) < 0) {
            // A visitor is counted in the window of its last impression, but known only once the
            // track's gap has passed: the window must still be open then.
            throw new ConfigException(
                    WINDOW_GRACE_MS,
                    grace.toMillis(),
                    "must be at least "
                            + TrackOptions.TRACK_GAP_MS
                            + " plus "
                            + TrackOptions.TRACK_CHECK_INTERVAL_MS
                            + " ("
                            + closingDelay.toMillis()
                            + " ms), or visitors would arrive after their window closed");
        }
        Objects.requireNonNull(storeRetention, STORE_RETENTION_MS);
        if (storeRetention.compareTo(windowSize.plus(grace)) < 0) {
            throw new ConfigException(
                    STORE_RETENTION_MS,
                    storeRetention.toMillis(),
                    "must be at least the window size plus the grace period ("
                            + windowSize.plus(grace).toMillis()
                            + " ms)");
        }
    }
}
