package io.headcount.aggregation.store;

import io.headcount.core.options.OptionValues;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the stats store's settings through core's {@link OptionValues}: the declared keys of each
 * concern ({@link StoreKafkaOptions}, {@link StoreDatabaseOptions}, and the aggregation's k) from a
 * settings file's entries, whose other keys are ignored; a blank value is unset.
 */
final class StoreValues {

    private StoreValues() {}

    static OptionValues read(Map<String, ?> settings) {
        Map<String, String> defaults = new LinkedHashMap<>(StoreKafkaOptions.defaults());
        defaults.putAll(StoreDatabaseOptions.defaults());
        defaults.put(
                StatsStoreOptions.SUPPRESSION_MIN_COUNT,
                Integer.toString(StatsStoreOptions.DEFAULT_SUPPRESSION_MIN_COUNT));
        Map<String, Object> set = new HashMap<>();
        settings.forEach(
                (name, value) -> {
                    if (value != null && !value.toString().isBlank()) {
                        set.put(name, value);
                    }
                });
        return OptionValues.ofKnown("stats store setting", defaults, set);
    }

    /** The value, or null when unset. */
    static String optional(OptionValues values, String key) {
        String value = values.string(key);
        return value.isEmpty() ? null : value;
    }

    /**
     * @throws IllegalArgumentException naming the setting, for a value that is not a whole number
     *     in {@code int}'s range
     */
    static int whole(OptionValues values, String key) {
        try {
            return values.intValue(key);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    key + " must be a whole number: " + values.string(key), e);
        }
    }
}
