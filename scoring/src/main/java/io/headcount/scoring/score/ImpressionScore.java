package io.headcount.scoring.score;

/**
 * Sex accuracy of single impressions ({@code FaceObservation}s, female if {@code p(female) ≥ 0.5})
 * on the same matched tracks as the per-visitor accuracy, against the track's person: what fusing
 * many impressions into one visitor gains (or, with undetermined visitors left out, what it trades
 * for coverage).
 *
 * @param impressions observations of matched tracks with a sex probability and a known true sex
 */
public record ImpressionScore(
        long impressions,
        long correct,
        Double accuracy,
        Double accuracyMasked,
        Double accuracyUnmasked,
        long impressionsMasked,
        long impressionsUnmasked) {}
