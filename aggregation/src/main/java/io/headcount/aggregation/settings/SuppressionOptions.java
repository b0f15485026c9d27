package io.headcount.aggregation.settings;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** Small-cell suppression of the breakdowns. */
public final class SuppressionOptions {

    /** k: breakdown cells with fewer visitors are suppressed; default 5. */
    public static final String SUPPRESSION_MIN_COUNT = SettingKeys.PREFIX + "suppression.min.count";

    public static final int DEFAULT_MIN_CELL_COUNT = 5;

    private SuppressionOptions() {}

    public static Map<String, String> defaults() {
        return Map.of(SUPPRESSION_MIN_COUNT, Integer.toString(DEFAULT_MIN_CELL_COUNT));
    }

    /**
     * @throws ConfigException for a k below 1
     */
    public static void requireValid(int minCellCount) {
        if (minCellCount < 1) {
            throw new ConfigException(SUPPRESSION_MIN_COUNT, minCellCount, "must be at least 1");
        }
    }
}
