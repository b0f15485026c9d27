package io.headcount.aggregation.settings;

import io.headcount.aggregation.tracking.TrackRules;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** When tracks close and count as visitors: {@link TrackRules}. */
public final class TrackOptions {

    /** Event-time gap after which a track closes, in milliseconds; default 3000. */
    public static final String TRACK_GAP_MS = SettingKeys.PREFIX + "track.gap.ms";

    /** Longest track segment in milliseconds before a still-seen track is split; default 600000. */
    public static final String TRACK_MAX_DURATION_MS = SettingKeys.PREFIX + "track.max.duration.ms";

    /** Impressions a track needs to count as a visitor; default 3. */
    public static final String TRACK_MIN_IMPRESSIONS = SettingKeys.PREFIX + "track.min.impressions";

    /** Milliseconds between a visitor's first and last impression, at least; default 500. */
    public static final String TRACK_MIN_SPAN_MS = SettingKeys.PREFIX + "track.min.span.ms";

    /**
     * Stream time between two looks for tracks whose gap has passed, in milliseconds; default 1000.
     */
    public static final String TRACK_CHECK_INTERVAL_MS =
            SettingKeys.PREFIX + "track.check.interval.ms";

    private TrackOptions() {}

    public static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(TRACK_GAP_MS, Long.toString(TrackRules.DEFAULT_GAP.toMillis()));
        defaults.put(
                TRACK_MAX_DURATION_MS, Long.toString(TrackRules.DEFAULT_MAX_DURATION.toMillis()));
        defaults.put(TRACK_MIN_IMPRESSIONS, Integer.toString(TrackRules.DEFAULT_MIN_IMPRESSIONS));
        defaults.put(TRACK_MIN_SPAN_MS, Long.toString(TrackRules.DEFAULT_MIN_SPAN.toMillis()));
        defaults.put(
                TRACK_CHECK_INTERVAL_MS,
                Long.toString(TrackRules.DEFAULT_CHECK_INTERVAL.toMillis()));
        return defaults;
    }

    /**
     * @throws ConfigException naming the first setting that is not a number
     */
    public static TrackRules rules(SettingValues values) {
        return new TrackRules(
                values.millis(TRACK_GAP_MS),
                values.millis(TRACK_MAX_DURATION_MS),
                values.whole(TRACK_MIN_IMPRESSIONS),
                values.millis(TRACK_MIN_SPAN_MS),
                values.millis(TRACK_CHECK_INTERVAL_MS));
    }

    /**
     * @throws ConfigException for a gap, segment length or check interval that is not positive, a
     *     negative span or fewer than one impression
     */
    public static void requireValid(TrackRules tracks) {
        SettingValues.requirePositive(TRACK_GAP_MS, tracks.gap());
        SettingValues.requirePositive(TRACK_MAX_DURATION_MS, tracks.maxDuration());
        SettingValues.requirePositive(TRACK_CHECK_INTERVAL_MS, tracks.checkInterval());
        SettingValues.requireNotNegative(TRACK_MIN_SPAN_MS, tracks.minSpan());
        if (tracks.minImpressions() < 1) {
            throw new ConfigException(
                    TRACK_MIN_IMPRESSIONS, tracks.minImpressions(), "must be at least 1");
        }
    }
}
