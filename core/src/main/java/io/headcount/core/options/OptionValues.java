package io.headcount.core.options;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The one way settings are read: string keys with defaults, from a properties file ({@code --config
 * FILE}), environment variables ({@code HEADCOUNT_} + the key in upper case with dots and dashes as
 * underscores) and {@code --key value} arguments, lowest precedence first. Unknown keys are refused
 * so that a typo fails at start-up instead of being ignored. Each concern (models, detector,
 * tracker, Kafka, ...) declares its keys and defaults in its own small class and reads its typed
 * settings from these values.
 */
public final class OptionValues implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String what;
    private final Map<String, String> defaults;
    private final TreeMap<String, String> values;

    private OptionValues(String what, Map<String, String> defaults, Map<String, String> values) {
        this.what = what;
        this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        this.values = new TreeMap<>(values);
    }

    /**
     * {@code defaults} overridden by {@code overrides} (trimmed); a key without a default is
     * refused with a message naming {@code what} ("inference option") and the known keys.
     */
    public static OptionValues of(
            String what, Map<String, String> defaults, Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        overrides.forEach(
                (key, value) -> {
                    requireKnown(what, defaults, key);
                    merged.put(key, value.trim());
                });
        return new OptionValues(what, defaults, merged);
    }

    /**
     * Like {@link #of}, but from a larger settings map that other readers share (Kafka's settings,
     * say): only the entries whose key is one of {@code defaults}' (a string) and whose value is
     * not null are taken, as strings; every other entry is left to its own reader, not refused.
     */
    public static OptionValues ofKnown(
            String what, Map<String, String> defaults, Map<?, ?> settings) {
        Map<String, String> known = new LinkedHashMap<>();
        settings.forEach(
                (key, value) -> {
                    if (key instanceof String name && defaults.containsKey(name) && value != null) {
                        known.put(name, value.toString());
                    }
                });
        return of(what, defaults, known);
    }

    /** The entries of a properties object, as a map. */
    public static Map<String, String> asMap(Properties properties) {
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }

    /**
     * Overrides of {@code keys} from {@code --config FILE}, the environment and {@code --key value}
     * pairs, in that order of precedence (later wins).
     */
    public static Map<String, String> collect(
            String[] args, Iterable<String> keys, Function<String, String> environment)
            throws IOException {
        Map<String, String> arguments = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "expected --key value pairs, got: " + String.join(" ", args));
            }
            arguments.put(args[i].substring(2), args[i + 1]);
        }
        Map<String, String> merged = new LinkedHashMap<>();
        String config = arguments.remove("config");
        if (config != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of(config))) {
                file.load(reader);
            }
            merged.putAll(asMap(file));
        }
        for (String key : keys) {
            String value = environment.apply(environmentVariable(key));
            if (value != null && !value.isBlank()) {
                merged.put(key, value);
            }
        }
        merged.putAll(arguments);
        return merged;
    }

    /** The environment variable that sets {@code key}, e.g. {@code HEADCOUNT_MODELS_DIR}. */
    public static String environmentVariable(String key) {
        return "HEADCOUNT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A copy with one setting changed. */
    public OptionValues with(String key, String value) {
        requireKnown(what, defaults, key);
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new OptionValues(what, defaults, copy);
    }

    /** Every effective setting, sorted by key, for logging. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public String string(String key) {
        requireKnown(what, defaults, key);
        return values.get(key);
    }

    public long longValue(String key) {
        try {
            return Long.parseLong(string(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number: " + string(key), e);
        }
    }

    public int intValue(String key) {
        return Math.toIntExact(longValue(key));
    }

    public float floatValue(String key) {
        try {
            return Float.parseFloat(string(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number: " + string(key), e);
        }
    }

    public double doubleValue(String key) {
        try {
            return Double.parseDouble(string(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number: " + string(key), e);
        }
    }

    public boolean booleanValue(String key) {
        String value = string(key);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false: " + value);
        }
        return Boolean.parseBoolean(value);
    }

    /**
     * A setting in milliseconds ({@code *-ms} keys): a whole number of milliseconds, or a duration
     * with its unit ({@link Durations}), e.g. {@code 3s}.
     */
    public Duration millis(String key) {
        String value = string(key);
        if (value.matches("-?\\d+")) {
            return Duration.ofMillis(longValue(key));
        }
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    key
                            + " must be a whole number of milliseconds or a duration ("
                            + Durations.FORMS
                            + "): "
                            + value,
                    e);
        }
    }

    /** A duration setting, in any form {@link Durations} reads. */
    public Duration duration(String key) {
        try {
            return Durations.parse(string(key));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return values.toString();
    }

    private static void requireKnown(String what, Map<String, String> defaults, String key) {
        if (!defaults.containsKey(key)) {
            throw new IllegalArgumentException(
                    "unknown " + what + " " + key + "; known: " + defaults.keySet());
        }
    }
}
