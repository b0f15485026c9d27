package io.headcount.scoring.score;

import java.time.Instant;

/**
 * One window: the product's {@code AudienceStats} against the persons the same rule puts in it.
 * Shares are over determined values only, as the dashboards compute them ({@code female / (female +
 * male)}, {@code masked / (masked + unmasked)}); a share is null when a cell it needs is suppressed
 * (fewer than k visitors) or when its denominator is 0.
 *
 * <p>The true female share is one among the window's persons 13 and over (and those of unknown
 * age): the product does not judge children's sex, so its share is one among them too.
 *
 * @param emitted false for a window the product did not emit but the truth has persons in (its
 *     boundaries are then the aligned window of that length)
 * @param visitorsError counted − true
 * @param visitorsTracked the track summaries whose {@code lastSeen} falls in the window: what the
 *     window should have counted (more than {@code visitorsCounted} when visitors arrived after the
 *     window closed; the only count when the run's windows were not collected)
 */
public record WindowScore(
        Instant windowStart,
        Instant windowEnd,
        boolean emitted,
        long visitorsTrue,
        long visitorsCounted,
        long visitorsError,
        long visitorsTracked,
        Double femaleShareTrue,
        Double femaleShareCounted,
        Double femaleShareAbsError,
        boolean sexSuppressed,
        Double maskedShareTrue,
        Double maskedShareCounted,
        Double maskedShareAbsError,
        boolean maskSuppressed) {}
