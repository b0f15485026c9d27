package io.headcount.ingest.gateway;

import io.headcount.core.options.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The fields of one YAML mapping, read with errors that say where: {@code camera 'cam-1'
 * (cameras[0]): field 'fps': must be a positive number, got "fast"}. Unknown fields are errors too
 * (typos would otherwise be silently ignored).
 */
final class YamlFields {

    private final String where;
    private final Map<String, Object> values;
    private final Set<String> read = new LinkedHashSet<>();

    private YamlFields(String where, Map<String, Object> values) {
        this.where = where;
        this.values = values;
    }

    static YamlFields of(String where, Object node) {
        if (!(node instanceof Map<?, ?> map)) {
            throw new ConfigException(
                    where + ": must be a mapping of fields, got " + describe(node));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        map.forEach((key, value) -> values.put(String.valueOf(key), value));
        return new YamlFields(where, values);
    }

    String where() {
        return where;
    }

    boolean has(String field) {
        return values.get(field) != null;
    }

    Object raw(String field) {
        read.add(field);
        return values.get(field);
    }

    ConfigException error(String field, String message) {
        return new ConfigException(where + ": field '" + field + "': " + message);
    }

    String string(String field) {
        Object value = raw(field);
        if (value == null) {
            throw error(field, "is required");
        }
        String text = String.valueOf(value).trim();
        if (text.isEmpty() || value instanceof Map || value instanceof Iterable) {
            throw error(field, "must be a non-empty text, got " + describe(value));
        }
        return text;
    }

    String string(String field, String fallback) {
        return has(field) ? string(field) : fallback;
    }

    double positive(String field, Double fallback) {
        if (!has(field)) {
            raw(field);
            if (fallback == null) {
                throw error(field, "is required");
            }
            return fallback;
        }
        double value = number(field);
        if (!(value > 0) || !Double.isFinite(value)) {
            throw error(field, "must be a positive number, got " + describe(values.get(field)));
        }
        return value;
    }

    double fraction(String field, double fallback, boolean zeroAllowed) {
        if (!has(field)) {
            raw(field);
            return fallback;
        }
        double value = number(field);
        if (value > 1 || value < 0 || (!zeroAllowed && value == 0)) {
            throw error(
                    field,
                    "must be in "
                            + (zeroAllowed ? "[0, 1]" : "(0, 1]")
                            + ", got "
                            + describe(values.get(field)));
        }
        return value;
    }

    long count(String field, long fallback) {
        if (!has(field)) {
            raw(field);
            return fallback;
        }
        Object value = raw(field);
        if (!(value instanceof Integer || value instanceof Long)
                || ((Number) value).longValue() < 0) {
            throw error(field, "must be a whole number, 0 or more, got " + describe(value));
        }
        return ((Number) value).longValue();
    }

    boolean flag(String field, boolean fallback) {
        Object value = raw(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            throw error(field, "must be true or false, got " + describe(value));
        }
        return b;
    }

    /** A number of seconds, or a duration in any form core's {@link Durations} reads. */
    Duration duration(String field, Duration fallback) {
        Object value = raw(field);
        if (value == null) {
            return fallback;
        }
        Duration duration;
        if (value instanceof Number n) {
            duration = Duration.ofMillis(Math.round(n.doubleValue() * 1000));
        } else {
            try {
                duration = Durations.parse(String.valueOf(value));
            } catch (IllegalArgumentException e) {
                throw error(
                        field,
                        "must be a number of seconds or a duration ("
                                + Durations.FORMS
                                + "), got "
                                + describe(value));
            }
        }
        if (duration.isNegative()) {
            throw error(field, "must not be negative, got " + describe(value));
        }
        return duration;
    }

    Instant instant(String field) {
        Object value = raw(field);
        if (value == null) {
            return null;
        }
        if (value instanceof java.util.Date date) { // YAML timestamps
            return date.toInstant();
        }
        try {
            return Instant.parse(String.valueOf(value).trim());
        } catch (DateTimeParseException e) {
            throw error(
                    field,
                    "must be an ISO-8601 instant such as 2026-11-27T10:00:00Z, got "
                            + describe(value));
        }
    }

    YamlFields mapping(String field) {
        Object value = raw(field);
        return value == null ? null : of(where + ": field '" + field + "'", value);
    }

    /** Throws if the mapping has a field nobody read. */
    void rejectUnknown(Set<String> alsoAllowed) {
        for (String key : values.keySet()) {
            if (!read.contains(key) && !alsoAllowed.contains(key)) {
                throw new ConfigException(where + ": unknown field '" + key + "'");
            }
        }
    }

    void rejectUnknown() {
        rejectUnknown(Set.of());
    }

    Map<String, Object> values() {
        return values;
    }

    private double number(String field) {
        Object value = raw(field);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw error(field, "must be a number, got " + describe(value));
    }

    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        if (value instanceof Map) {
            return "a mapping";
        }
        if (value instanceof Iterable) {
            return "a list";
        }
        return String.valueOf(value);
    }
}
