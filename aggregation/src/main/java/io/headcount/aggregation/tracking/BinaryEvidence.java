package io.headcount.aggregation.tracking;

import io.headcount.schemas.FusedAttribute;

/**
 * Weighted log-odds evidence for a yes/no attribute (sex as p(female), mask as p(masked)): each
 * impression adds {@code weight * logit(p)}; the fused probability is the sigmoid of the sum. This
 * treats impressions as independent (naive Bayes), so agreement across many frames raises the
 * confidence, and a few confident frames of a good face outweigh many of a poor one.
 */
public final class BinaryEvidence {

    /**
     * Probabilities are clamped to [FLOOR, 1 - FLOOR] so one overconfident frame cannot decide
     * alone.
     */
    static final double FLOOR = 1e-4;

    private double logOdds;

    public BinaryEvidence() {}

    BinaryEvidence(double logOdds) {
        this.logOdds = logOdds;
    }

    /** Adds one impression's probability; null or NaN (head off, face too poor) adds nothing. */
    public boolean add(Float probability, double weight) {
        if (probability == null || probability.isNaN() || weight <= 0) {
            return false;
        }
        double p = Math.max(FLOOR, Math.min(1 - FLOOR, probability));
        logOdds += weight * Math.log(p / (1 - p));
        return true;
    }

    public double logOdds() {
        return logOdds;
    }

    /**
     * {@code yes} or {@code no} if its probability reaches {@code threshold}, else {@code
     * undetermined}. Even odds (no evidence, say) favour neither value: undetermined even at the
     * lowest threshold, 0.5.
     */
    public FusedAttribute fuse(String yes, String no, double threshold) {
        double p = 1 / (1 + Math.exp(-logOdds));
        double confidence = Math.max(p, 1 - p);
        String value =
                confidence < threshold || p == 0.5 ? Fused.UNDETERMINED : (p > 0.5 ? yes : no);
        return new FusedAttribute(value, (float) confidence);
    }
}
