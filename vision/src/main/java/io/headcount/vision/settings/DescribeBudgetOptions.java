package io.headcount.vision.settings;

import io.headcount.core.options.OptionValues;
import io.headcount.vision.attributes.DescribeBudgetSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often the attribute heads run per track (see {@code DescribeBudget}): {@code
 * attributes.describe-*}.
 */
public final class DescribeBudgetOptions {

    /**
     * Most attribute descriptions per second (capture time) of a track whose sex is determined; 0 =
     * no budget, every face good enough gets the heads. Default 2.
     */
    public static final String DESCRIBE_PER_TRACK_PER_S = "attributes.describe-per-track-per-s";

    /** The same while the track's sex is undetermined; at least the above. Default 5. */
    public static final String DESCRIBE_UNDETERMINED_PER_TRACK_PER_S =
            "attributes.describe-undetermined-per-track-per-s";

    /**
     * Confidence of the p(female) fused over a track's descriptions from which its sex counts as
     * determined. Default 0.95.
     */
    public static final String DESCRIBE_DETERMINED_CONFIDENCE =
            "attributes.describe-determined-confidence";

    private DescribeBudgetOptions() {}

    static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(
                DESCRIBE_PER_TRACK_PER_S,
                Double.toString(DescribeBudgetSettings.DEFAULT_PER_TRACK_PER_SECOND));
        defaults.put(
                DESCRIBE_UNDETERMINED_PER_TRACK_PER_S,
                Double.toString(DescribeBudgetSettings.DEFAULT_UNDETERMINED_PER_TRACK_PER_SECOND));
        defaults.put(
                DESCRIBE_DETERMINED_CONFIDENCE,
                Double.toString(DescribeBudgetSettings.DEFAULT_DETERMINED_CONFIDENCE));
        return defaults;
    }

    static DescribeBudgetSettings describeBudget(OptionValues values) {
        return new DescribeBudgetSettings(
                values.doubleValue(DESCRIBE_PER_TRACK_PER_S),
                values.doubleValue(DESCRIBE_UNDETERMINED_PER_TRACK_PER_S),
                values.doubleValue(DESCRIBE_DETERMINED_CONFIDENCE));
    }
}
