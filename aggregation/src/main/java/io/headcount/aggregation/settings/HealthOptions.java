package io.headcount.aggregation.settings;

import io.headcount.aggregation.metrics.CameraHealth;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** When a camera's health line ({@code GET /api/v1/cameras/health}) says something is wrong. */
public final class HealthOptions {

    /** No record of a camera for longer: {@code silent}; default 5 min. */
    public static final String SILENT_AFTER_MS = SettingKeys.PREFIX + "health.silent.after.ms";

    /** A camera's newest record arrived longer than this after its capture: {@code lagging}. */
    public static final String LAG_MAX_MS = SettingKeys.PREFIX + "health.lag.max.ms";

    /** The span of a line's counts; a dead letter in it: {@code dead-lettering}; default 5 min. */
    public static final String RECENT_MS = SettingKeys.PREFIX + "health.recent.ms";

    public static final Duration DEFAULT_SILENT_AFTER = Duration.ofMinutes(5);
    public static final Duration DEFAULT_LAG_MAX = Duration.ofSeconds(60);
    public static final Duration DEFAULT_RECENT = Duration.ofMinutes(5);

    private HealthOptions() {}

    public static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(SILENT_AFTER_MS, Long.toString(DEFAULT_SILENT_AFTER.toMillis()));
        defaults.put(LAG_MAX_MS, Long.toString(DEFAULT_LAG_MAX.toMillis()));
        defaults.put(RECENT_MS, Long.toString(DEFAULT_RECENT.toMillis()));
        return defaults;
    }

    /**
     * @throws org.apache.kafka.common.config.ConfigException naming a setting that is not a
     *     positive duration
     */
    public static CameraHealth.Thresholds thresholds(Map<?, ?> properties) {
        SettingValues values = SettingValues.read(properties, defaults());
        Duration silent = values.millis(SILENT_AFTER_MS);
        Duration lag = values.millis(LAG_MAX_MS);
        Duration recent = values.millis(RECENT_MS);
        SettingValues.requirePositive(SILENT_AFTER_MS, silent);
        SettingValues.requirePositive(LAG_MAX_MS, lag);
        SettingValues.requirePositive(RECENT_MS, recent);
        return new CameraHealth.Thresholds(silent.toMillis(), lag.toMillis(), recent.toMillis());
    }
}
