package io.headcount.core.options;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reader of durations a person types: {@code 90s}, {@code 5m}, {@code 1h}, {@code 250ms},
 * {@code 1d}, combinations such as {@code 1h30m} or {@code 1.5s}, and ISO-8601 such as {@code
 * PT5M}. Anything else is refused with a message that shows the accepted forms.
 */
public final class Durations {

    /** The accepted forms, for error messages and help texts. */
    public static final String FORMS = "e.g. 90s, 5m, 1h, 250ms, 1h30m or ISO-8601 PT5M";

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+");

    private Durations() {}

    /**
     * The duration {@code text} names.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw refused(text);
        }
        String trimmed = text.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
        if (trimmed.startsWith("p") || trimmed.startsWith("-p")) {
            try {
                return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw refused(text);
            }
        }
        if (!WHOLE.matcher(trimmed).matches()) {
            throw refused(text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher part = PART.matcher(trimmed);
        while (part.find()) {
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(nanosPer(part.group(2))));
        }
        try {
            return Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration too long: '" + text.trim() + "'", e);
        }
    }

    /**
     * {@code duration} in the short form {@link #parse} reads back, e.g. {@code 15s}, {@code
     * 1h30m}, {@code 250ms}; sub-millisecond parts are dropped.
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return duration.toString();
        }
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis >= sizes[i]) {
                text.append(millis / sizes[i]).append(units[i]);
                millis %= sizes[i];
            }
        }
        return text.toString();
    }

    private static BigDecimal nanosPer(String unit) {
        return BigDecimal.valueOf(
                switch (unit) {
                    case "ms" -> 1_000_000L;
                    case "s" -> 1_000_000_000L;
                    case "m" -> 60_000_000_000L;
                    case "h" -> 3_600_000_000_000L;
                    case "d" -> 86_400_000_000_000L;
                    default -> throw new IllegalStateException(unit);
                });
    }

    private static IllegalArgumentException refused(String text) {
        return new IllegalArgumentException(
                "not a duration: '" + (text == null ? "" : text.trim()) + "' (" + FORMS + ")");
    }
}
