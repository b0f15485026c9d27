package io.headcount.scoring.report;

import java.util.List;
import java.util.Locale;

/** Escaping and number formatting for the HTML report. */
final class Html {

    private Html() {}

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** A fraction as a percentage, "–" when undefined. */
    static String percent(Double fraction) {
        return fraction == null ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    /** " (low–high %)" for a confidence interval of a fraction, "" without one. */
    static String interval(List<Double> interval) {
        return interval == null
                ? ""
                : String.format(
                        Locale.ROOT,
                        " (%.1f–%.1f %%)",
                        100 * interval.get(0),
                        100 * interval.get(1));
    }

    static String number(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%.0f", value);
    }

    static String text(Object value) {
        return value == null ? "–" : escape(String.valueOf(value));
    }
}
