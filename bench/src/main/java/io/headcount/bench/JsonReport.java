package io.headcount.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A flat-or-nested JSON object built in insertion order: numbers (NaN and infinities become {@code
 * null}), strings, booleans, nulls and nested reports.
 */
public final class JsonReport {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    public JsonReport put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    public Object get(String key) {
        return fields.get(key);
    }

    @Override
    public String toString() {
        StringBuilder json = new StringBuilder();
        write(json, 0);
        return json.append('\n').toString();
    }

    private void write(StringBuilder json, int indent) {
        json.append("{");
        String separator = "\n";
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            json.append(separator).append("  ".repeat(indent + 1));
            string(json, field.getKey());
            json.append(": ");
            value(json, field.getValue(), indent + 1);
            separator = ",\n";
        }
        json.append("\n").append("  ".repeat(indent)).append("}");
    }

    private static void value(StringBuilder json, Object value, int indent) {
        if (value == null) {
            json.append("null");
        } else if (value instanceof JsonReport nested) {
            nested.write(json, indent);
        } else if (value instanceof Double d) {
            json.append(d.isNaN() || d.isInfinite() ? "null" : roundTo(d));
        } else if (value instanceof Float f) {
            value(json, f.doubleValue(), indent);
        } else if (value instanceof Number || value instanceof Boolean) {
            json.append(value);
        } else if (value instanceof List<?> list) {
            json.append("[");
            for (int i = 0; i < list.size(); i++) {
                json.append(i == 0 ? "" : ", ");
                value(json, list.get(i), indent);
            }
            json.append("]");
        } else {
            string(json, value.toString());
        }
    }

    private static String roundTo(double value) {
        return Double.toString(Math.round(value * 1000.0) / 1000.0);
    }

    private static void string(StringBuilder json, String text) {
        json.append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
