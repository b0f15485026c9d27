package io.headcount.scoring.score;

import java.util.List;

/**
 * Per-visitor accuracy of one fused attribute over the matched tracks whose person has a known
 * value for it (and whose site did not switch the attribute off). Accuracy counts determined
 * visitors only: {@code undetermined} is the product declining to answer, which the undetermined
 * shares measure. Fractions are null when nothing was measured.
 *
 * @param visitors matched tracks scored
 * @param determined of those, with a fused value other than {@code undetermined}
 * @param correct of those, equal to the truth
 * @param accuracyCi95 the 95 % Wilson score interval of {@code accuracy}, [low, high]; {@code
 *     accuracyMaskedCi95} and {@code accuracyUnmaskedCi95} the same for the masked and unmasked
 *     persons (null where the accuracy is): a hundred visitors leave several points either way
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
        long visitorsUnmasked,
        List<Double> accuracyCi95,
        List<Double> accuracyMaskedCi95,
        List<Double> accuracyUnmaskedCi95) {}
