package io.headcount.bench;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.headcount.vision.eval.ReportJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A flat-or-nested JSON object built in insertion order: numbers (NaN and infinities become {@code
 * null}, others rounded to 3 decimals), strings, booleans, nulls, lists (written on one line) and
 * nested reports. Written by {@link ReportJson}.
 */
public final class JsonReport {

    private static final ObjectWriter WRITER =
            ReportJson.writer(d -> Double.toString(Math.round(d * 1000.0) / 1000.0), true);

    private final Map<String, Object> fields = new LinkedHashMap<>();

    public JsonReport put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    public Object get(String key) {
        return fields.get(key);
    }

    /** What Jackson writes: the fields, floats as doubles (so rounded as doubles are). */
    @JsonValue
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        fields.forEach((key, value) -> json.put(key, widened(value)));
        return json;
    }

    private static Object widened(Object value) {
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(JsonReport::widened).toList();
        }
        return value;
    }

    @Override
    public String toString() {
        return ReportJson.write(WRITER, this);
    }
}
