package io.headcount.scoring.score;

import java.time.Instant;

/**
 * One window: the product's {@code AudienceStats} against the persons the same rule puts in it.
 * Shares are over determined values only, as the dashboards compute them ({@code female / (female +
 * male)}, {@code masked / (masked + unmasked)}); a share is null when a cell it needs is suppressed
 * (fewer than k visitors) or when its denominator is 0.
 *
 * @param emitted false for a window the product did not emit but the truth has persons in (its
 *     boundaries are then the aligned window of that length)
 * @param visitorsError counted − true
 */
public record WindowScore(
        Instant windowStart,
        Instant windowEnd,
        boolean emitted,
        long visitorsTrue,
        long visitorsCounted,
        long visitorsError,
        Double femaleShareTrue,
        Double femaleShareCounted,
        Double femaleShareAbsError,
        boolean sexSuppressed,
        Double maskedShareTrue,
        Double maskedShareCounted,
        Double maskedShareAbsError,
        boolean maskSuppressed) {}
