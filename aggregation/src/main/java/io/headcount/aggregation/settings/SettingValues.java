package io.headcount.aggregation.settings;

import io.headcount.core.options.OptionValues;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/**
 * The aggregation's settings of one or more concerns, read through core's {@link OptionValues} from
 * the properties the Kafka Streams settings come from too: only the declared keys are taken, every
 * other one is left to Kafka Streams (or to the reader of another concern). A value that is not of
 * its type fails with a {@link ConfigException} naming the setting and the value as given.
 */
public final class SettingValues {

    private final Map<?, ?> properties;
    private final OptionValues values;

    private SettingValues(Map<?, ?> properties, OptionValues values) {
        this.properties = properties;
        this.values = values;
    }

    /** {@code defaults} (by key, as strings) overridden by the values of {@code properties}. */
    public static SettingValues read(Map<?, ?> properties, Map<String, String> defaults) {
        return new SettingValues(
                properties, OptionValues.ofKnown("aggregation setting", defaults, properties));
    }

    /**
     * @throws ConfigException for a value that is not a whole number
     */
    public Duration millis(String key) {
        try {
            return values.millis(key);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    key,
                    given(key),
                    "must be a whole number of milliseconds or a duration ("
                            + io.headcount.core.options.Durations.FORMS
                            + ")");
        }
    }

    /**
     * @throws ConfigException for a value that is not a whole number in {@code int}'s range
     */
    public int whole(String key) {
        try {
            return Integer.parseInt(values.string(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(key, given(key), "must be a whole number");
        }
    }

    /**
     * @throws ConfigException for a value that is not a number
     */
    public double decimal(String key) {
        try {
            return values.doubleValue(key);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, given(key), "must be a number");
        }
    }

    /** The value as given, or its default. */
    public String string(String key) {
        return values.string(key);
    }

    /**
     * The topic a setting names.
     *
     * @throws ConfigException for a blank name
     */
    public String topic(String key) {
        String topic = values.string(key);
        if (topic.isEmpty()) {
            throw new ConfigException(key, given(key), "must name a topic");
        }
        return topic;
    }

    /**
     * @throws ConfigException for a duration that is not greater than zero
     */
    public static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new ConfigException(
                    name, value.toMillis(), "must be greater than 0 milliseconds");
        }
    }

    /**
     * @throws ConfigException for a negative duration
     */
    public static void requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new ConfigException(name, value.toMillis(), "must not be negative");
        }
    }

    /** The value as the properties hold it (not trimmed), for messages; else the default. */
    private Object given(String key) {
        Object value = properties.get(key);
        return value != null ? value : values.string(key);
    }
}
