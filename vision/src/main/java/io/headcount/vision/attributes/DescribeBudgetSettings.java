package io.headcount.vision.attributes;

import java.io.Serializable;

/**
 * How often the attribute heads may run on one track ({@link DescribeBudget}).
 *
 * @param perTrackPerSecond most descriptions per second of capture time of a track whose sex is
 *     determined; 0 switches the budget off: every face good enough for the heads gets them
 * @param undeterminedPerTrackPerSecond the same while the track's sex is not yet determined (at
 *     least {@code perTrackPerSecond})
 * @param determinedConfidence the confidence of the track's fused p(female) from which its sex
 *     counts as determined, in (0.5, 1]; the aggregation's default fusion threshold is 0.9
 */
public record DescribeBudgetSettings(
        double perTrackPerSecond, double undeterminedPerTrackPerSecond, double determinedConfidence)
        implements Serializable {

    public static final double DEFAULT_PER_TRACK_PER_SECOND = 2;
    public static final double DEFAULT_UNDETERMINED_PER_TRACK_PER_SECOND = 5;
    public static final double DEFAULT_DETERMINED_CONFIDENCE = 0.95;

    public DescribeBudgetSettings {
        if (!(perTrackPerSecond >= 0) || Double.isInfinite(perTrackPerSecond)) {
            throw new IllegalArgumentException(
                    "descriptions per track per second must be 0 (off) or more: "
                            + perTrackPerSecond);
        }
        if (perTrackPerSecond > 0
                && (!(undeterminedPerTrackPerSecond >= perTrackPerSecond)
                        || Double.isInfinite(undeterminedPerTrackPerSecond))) {
            throw new IllegalArgumentException(
                    "descriptions per second of an undetermined track ("
                            + undeterminedPerTrackPerSecond
                            + ") must be at least those of a determined one ("
                            + perTrackPerSecond
                            + ")");
        }
        if (!(determinedConfidence > 0.5 && determinedConfidence <= 1)) {
            throw new IllegalArgumentException(
                    "determined confidence must be in (0.5, 1]: " + determinedConfidence);
        }
    }

    public static DescribeBudgetSettings defaults() {
        return new DescribeBudgetSettings(
                DEFAULT_PER_TRACK_PER_SECOND,
                DEFAULT_UNDETERMINED_PER_TRACK_PER_SECOND,
                DEFAULT_DETERMINED_CONFIDENCE);
    }

    /** Every face good enough gets the heads, as before budgets. */
    public static DescribeBudgetSettings off() {
        return new DescribeBudgetSettings(0, 0, DEFAULT_DETERMINED_CONFIDENCE);
    }

    public boolean enabled() {
        return perTrackPerSecond > 0;
    }
}
