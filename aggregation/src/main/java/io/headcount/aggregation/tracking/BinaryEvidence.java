package io.headcount.aggregation.tracking;

import io.headcount.aggregation.domain.Fused;
import io.headcount.schemas.FusedAttribute;

/**
 * Weighted log-odds evidence for a yes/no attribute (sex as p(female), mask as p(masked)): each
 * impression adds {@code weight * logit(p)} to a sum and {@code weight} to the evidence weight; the
 * fused probability is the sigmoid of that sum, but never of more than {@link #INDEPENDENT_WEIGHT}
 * impressions' worth: past it, the sum is scaled down to the weighted mean log-odds times {@code
 * INDEPENDENT_WEIGHT}. So a few confident frames of a good face outweigh many of a poor one, two
 * agreeing good frames are surer than one, and a face the head is unsure of stays unsure however
 * long it is seen.
 */
public final class BinaryEvidence {

    /**
     * Probabilities are clamped to [FLOOR, 1 - FLOOR] so one overconfident frame cannot decide
     * alone.
     */
    static final double FLOOR = 1e-4;

    /**
     * How many full-weight impressions count as independent evidence. Impressions of one visitor
     * are not independent: the next frame shows the head the same face, so its errors repeat.
     * Summed as independent (naive Bayes), ten impressions at p = 0.7 became a certainty (0.9998);
     * with the cap they stay at 0.84, undetermined at the default threshold. On the realistic
     * synthetic scene the adults fused wrongly had most of their impressions between p = 0.2 and
     * 0.8 and were still called at 0.99. 2 was chosen on its tuning seeds (11, 12): 1 left more
     * right visitors undetermined, 3 and more let more wrong ones through.
     */
    static final double INDEPENDENT_WEIGHT = 2;

    private double logOdds;
    private double weight;

    public BinaryEvidence() {}

    /**
     * @param logOdds the weighted sum of log-odds
     * @param weight the sum of the weights; 0 for state written before the weight was kept, whose
     *     sum is then used uncapped
     */
    BinaryEvidence(double logOdds, double weight) {
        this.logOdds = logOdds;
        this.weight = weight;
    }

    /** Adds one impression's probability; null or NaN (head off, face too poor) adds nothing. */
    public boolean add(Float probability, double weight) {
        if (probability == null || probability.isNaN() || weight <= 0) {
            return false;
        }
        double p = Math.max(FLOOR, Math.min(1 - FLOOR, probability));
        logOdds += weight * Math.log(p / (1 - p));
        this.weight += weight;
        return true;
    }

    /** The weighted sum of log-odds, uncapped. */
    public double logOdds() {
        return logOdds;
    }

    /** The sum of the impressions' weights. */
    public double weight() {
        return weight;
    }

    /** The log-odds fused: the sum, scaled down to {@link #INDEPENDENT_WEIGHT} impressions. */
    public double fusedLogOdds() {
        return weight > INDEPENDENT_WEIGHT ? logOdds / weight * INDEPENDENT_WEIGHT : logOdds;
    }

    /**
     * {@code yes} or {@code no} if its probability reaches {@code threshold}, else {@code
     * undetermined}. Even odds (no evidence, say) favour neither value: undetermined even at the
     * lowest threshold, 0.5.
     */
    public FusedAttribute fuse(String yes, String no, double threshold) {
        double p = 1 / (1 + Math.exp(-fusedLogOdds()));
        double confidence = Math.max(p, 1 - p);
        String value =
                confidence < threshold || p == 0.5 ? Fused.UNDETERMINED : (p > 0.5 ? yes : no);
        return new FusedAttribute(value, (float) confidence);
    }
}
