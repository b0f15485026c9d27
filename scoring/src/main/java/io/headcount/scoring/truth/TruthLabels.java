package io.headcount.scoring.truth;

import java.util.List;
import java.util.Locale;

/**
 * The attribute values the pipeline reports ({@code TrackSummary} fused values), so that truth and
 * product compare as plain strings. The age groups repeat the attribute head's labels because this
 * module may not depend on {@code vision}.
 */
public final class TruthLabels {

    public static final String FEMALE = "female";
    public static final String MALE = "male";

    /** The product's age groups, youngest first. */
    public static final List<String> AGE_GROUPS =
            List.of("0-12", "13-19", "20-29", "30-39", "40-49", "50-59", "60+");

    /** The children's age group. */
    public static final String CHILD = "0-12";

    private TruthLabels() {}

    /**
     * {@code female} or {@code male} (also {@code f}/{@code m}, any case); null for an empty or
     * {@code unknown} value.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static String sex(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "unknown" -> null;
            case "female", "f" -> FEMALE;
            case "male", "m" -> MALE;
            default ->
                    throw new IllegalArgumentException(
                            "sex must be female, male, f, m, unknown or empty, got \""
                                    + value
                                    + "\"");
        };
    }

    /**
     * One of {@link #AGE_GROUPS}; the data sets' finer {@code 0-2} and {@code 3-12} become {@code
     * 0-12} as in the attribute evaluation; null for an empty or {@code unknown} value.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static String ageGroup(String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty() || v.equalsIgnoreCase("unknown")) {
            return null;
        }
        if (v.equals("0-2") || v.equals("3-12")) {
            return "0-12";
        }
        if (!AGE_GROUPS.contains(v)) {
            throw new IllegalArgumentException(
                    "age group must be one of " + AGE_GROUPS + " or empty, got \"" + value + "\"");
        }
        return v;
    }

    /**
     * {@code true}/{@code yes}/{@code 1}/{@code masked} or {@code false}/{@code no}/{@code
     * 0}/{@code unmasked}; null for an empty or {@code unknown} value.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Boolean masked(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "unknown" -> null;
            case "true", "yes", "1", "masked" -> Boolean.TRUE;
            case "false", "no", "0", "unmasked" -> Boolean.FALSE;
            default ->
                    throw new IllegalArgumentException(
                            "masked must be true, false, yes, no, 1, 0, unknown or empty, got \""
                                    + value
                                    + "\"");
        };
    }
}
