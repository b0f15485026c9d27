package io.headcount.vision.eval;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Writes maps, lists, strings, numbers, booleans and null as indented JSON. */
public final class Json {

    private Json() {}

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, "");
        return out.append('\n').toString();
    }

    private static void write(Object value, StringBuilder out, String indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            out.append('"');
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        } else if (value instanceof Double d) {
            out.append(
                    d.isNaN() || d.isInfinite()
                            ? "null"
                            : String.format(java.util.Locale.ROOT, "%.4f", d));
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            String inner = indent + "  ";
            Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
            while (entries.hasNext()) {
                Map.Entry<?, ?> entry = entries.next();
                out.append('\n').append(inner);
                write(entry.getKey().toString(), out, inner);
                out.append(": ");
                write(entry.getValue(), out, inner);
                if (entries.hasNext()) {
                    out.append(',');
                }
            }
            out.append(map.isEmpty() ? "" : "\n" + indent).append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            String inner = indent + "  ";
            for (int i = 0; i < list.size(); i++) {
                out.append('\n').append(inner);
                write(list.get(i), out, inner);
                if (i + 1 < list.size()) {
                    out.append(',');
                }
            }
            out.append(list.isEmpty() ? "" : "\n" + indent).append(']');
        } else {
            write(value.toString(), out, indent);
        }
    }
}
