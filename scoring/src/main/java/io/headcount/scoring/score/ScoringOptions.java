package io.headcount.scoring.score;

import io.headcount.scoring.matching.MatchingOptions;
import java.time.Duration;

/**
 * @param matching how tracks are matched to persons
 * @param fallbackWindow the window length for grouping the truth when the run produced no {@code
 *     AudienceStats} to take the boundaries from (the aggregation's default, 1 min)
 */
public record ScoringOptions(MatchingOptions matching, Duration fallbackWindow) {

    public static final ScoringOptions DEFAULTS =
            new ScoringOptions(MatchingOptions.DEFAULTS, Duration.ofMinutes(1));

    public ScoringOptions {
        if (fallbackWindow.isZero() || fallbackWindow.isNegative()) {
            throw new IllegalArgumentException(
                    "fallbackWindow must be positive, got " + fallbackWindow);
        }
    }
}
