package io.headcount.scoring.score;

import io.headcount.schemas.FusedAttribute;
import java.util.List;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/** Counts one attribute's per-visitor outcomes, split by whether the true face was masked. */
final class AttributeTally {

    static final String UNDETERMINED = "undetermined";

    static final double CONFIDENCE = 0.95;

    // Wilson rather than the normal approximation: it stays inside [0, 1] and holds at 100 %.
    private static final WilsonScoreInterval WILSON = new WilsonScoreInterval();

    private final Split all = new Split();
    private final Split masked = new Split();
    private final Split unmasked = new Split();

    /**
     * @param fused the track's fused attribute (null: switched off, not scored)
     * @param truth the true value (null: unknown, not scored)
     * @param personMasked whether the true face was masked (null: unknown, only in the totals)
     */
    void add(FusedAttribute fused, String truth, Boolean personMasked) {
        if (fused == null || truth == null) {
            return;
        }
        boolean determined = !UNDETERMINED.equals(fused.getValue());
        boolean correct = determined && truth.equals(fused.getValue());
        all.add(determined, correct);
        if (Boolean.TRUE.equals(personMasked)) {
            masked.add(determined, correct);
        } else if (Boolean.FALSE.equals(personMasked)) {
            unmasked.add(determined, correct);
        }
    }

    AttributeScore score() {
        return new AttributeScore(
                all.visitors,
                all.determined,
                all.correct,
                Ratios.ratio(all.correct, all.determined),
                Ratios.ratio(masked.correct, masked.determined),
                Ratios.ratio(unmasked.correct, unmasked.determined),
                Ratios.ratio(all.determined, all.visitors),
                Ratios.ratio(masked.visitors - masked.determined, masked.visitors),
                Ratios.ratio(unmasked.visitors - unmasked.determined, unmasked.visitors),
                masked.visitors,
                unmasked.visitors,
                all.accuracyCi95(),
                masked.accuracyCi95(),
                unmasked.accuracyCi95());
    }

    private static final class Split {
        long visitors;
        long determined;
        long correct;

        void add(boolean isDetermined, boolean isCorrect) {
            visitors++;
            determined += isDetermined ? 1 : 0;
            correct += isCorrect ? 1 : 0;
        }

        /** The 95 % Wilson score interval of correct / determined; null with none determined. */
        List<Double> accuracyCi95() {
            if (determined == 0) {
                return null;
            }
            ConfidenceInterval interval =
                    WILSON.createInterval((int) determined, (int) correct, CONFIDENCE);
            return List.of(interval.getLowerBound(), interval.getUpperBound());
        }
    }
}
