package io.headcount.aggregation.tracking;

import io.headcount.aggregation.domain.Fused;
import io.headcount.schemas.FusedAttribute;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Weighted log-probability evidence for a many-valued attribute (age group, expression): each
 * impression adds {@code weight * log p(label)} per label; the fused value is the arg max, its
 * confidence the softmax of the sums. A label an impression did not mention counts as the floor
 * probability for it, kept incrementally: per label the weighted log sum and the weight of the
 * impressions that mentioned it, plus the weight of all impressions.
 */
public final class CategoricalEvidence {

    static final double FLOOR = 1e-4;

    private final SortedMap<String, double[]> labels;
    private double totalWeight;

    public CategoricalEvidence() {
        this(new TreeMap<>(), 0);
    }

    /**
     * @param labels per label {weighted log sum, weight of the impressions that named it}
     */
    CategoricalEvidence(SortedMap<String, double[]> labels, double totalWeight) {
        this.labels = labels;
        this.totalWeight = totalWeight;
    }

    /**
     * Adds one impression's distribution; a null or empty one adds nothing. Keys may be any char
     * sequence (Avro's {@code Utf8} as decoded), read as strings.
     */
    public boolean add(Map<? extends CharSequence, Float> probabilities, double weight) {
        if (probabilities == null || probabilities.isEmpty() || weight <= 0) {
            return false;
        }
        totalWeight += weight;
        for (Map.Entry<? extends CharSequence, Float> entry : probabilities.entrySet()) {
            Float p = entry.getValue();
            double clamped = p == null || p.isNaN() ? FLOOR : Math.max(FLOOR, Math.min(1, p));
            double[] sums =
                    labels.computeIfAbsent(entry.getKey().toString(), label -> new double[2]);
            sums[0] += weight * Math.log(clamped);
            sums[1] += weight;
        }
        return true;
    }

    SortedMap<String, double[]> labels() {
        return Collections.unmodifiableSortedMap(labels);
    }

    double totalWeight() {
        return totalWeight;
    }

    /** The arg max label whatever its confidence; null without evidence. */
    public String mostLikely() {
        return labels.isEmpty() ? null : fuse(0).getValue();
    }

    /**
     * The arg max label if its softmax confidence reaches {@code threshold}, else {@code
     * undetermined}.
     */
    public FusedAttribute fuse(double threshold) {
        if (labels.isEmpty()) {
            return new FusedAttribute(Fused.UNDETERMINED, 0f);
        }
        String best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        double[] scores = new double[labels.size()];
        int i = 0;
        for (Map.Entry<String, double[]> entry : labels.entrySet()) {
            double score =
                    entry.getValue()[0] + (totalWeight - entry.getValue()[1]) * Math.log(FLOOR);
            scores[i++] = score;
            if (score > bestScore) { // ties keep the first label in sorted order: deterministic
                bestScore = score;
                best = entry.getKey();
            }
        }
        double sum = 0;
        for (double score : scores) {
            sum += Math.exp(score - bestScore);
        }
        double confidence = 1 / sum;
        return new FusedAttribute(
                confidence < threshold ? Fused.UNDETERMINED : best, (float) confidence);
    }
}
