package io.headcount.scoring.score;

/**
 * Per-visitor accuracy of one fused attribute over the matched tracks whose person has a known
 * value for it (and whose site did not switch the attribute off). Accuracy counts determined
 * visitors only: {@code undetermined} is the product declining to answer, which the undetermined
 * shares measure. Fractions are null when nothing was measured.
 *
 * @param visitors matched tracks scored
 * @param determined of those, with a fused value other than {@code undetermined}
 * @param correct of those, equal to the truth
 */
public record AttributeScore(
        long visitors,
        long determined,
        long correct,
        Double accuracy,
        Double accuracyMasked,
        Double accuracyUnmasked,
        Double determinedShare,
        Double undeterminedShareMasked,
        Double undeterminedShareUnmasked,
        long visitorsMasked,
        long visitorsUnmasked) {}
