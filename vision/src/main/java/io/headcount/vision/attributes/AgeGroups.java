package io.headcount.vision.attributes;

import java.util.List;

/**
 * Maps the face-api age regression (years) to a distribution over the product's age groups.
 *
 * <p>The model gives one number with an error of about 6 years (MAE 6.2 on UTKFace adults,
 * MODELS.md). The true age is taken as normal around the prediction with standard deviation {@code
 * sigma} (default {@value #DEFAULT_SIGMA} years), and each group gets the probability mass of its
 * interval: group {@code [lo, hi)} gets {@code Φ((hi - age)/σ) - Φ((lo - age)/σ)}; the first group
 * reaches down to -∞ and {@code 60+} up to +∞, so the groups always sum to 1. A prediction of 25
 * thus gives mostly 20-29 with some 13-19 and 30-39, rather than a hard 20-29.
 *
 * <p>Where an adult-only head is in the model set (the FaceRes age head, trained on UTK adults),
 * {@link #withAdultHead} keeps face-api's under-20 groups and lets the head split the adult rest.
 */
public final class AgeGroups {

    public static final List<String> LABELS =
            List.of("0-12", "13-19", "20-29", "30-39", "40-49", "50-59", "60+");

    /** Lower bounds of the groups after the first, in years. */
    private static final double[] BOUNDS = {13, 20, 30, 40, 50, 60};

    public static final float DEFAULT_SIGMA = 6f;

    /** Index of 20-29, the first adult group. */
    public static final int FIRST_ADULT = 2;

    /**
     * Weight of the adult head against face-api's adult groups in {@link #withAdultHead}, chosen on
     * UTK validation faces of every age, original and synthetic-masked, from 0, 0.25, 0.5, 0.6,
     * 0.75, 0.9 and 1 as the highest mean of exact and within-one accuracy (training README).
     */
    public static final float ADULT_HEAD_WEIGHT = 0.75f;

    private final double sigma;

    public AgeGroups(double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be positive: " + sigma);
        }
        this.sigma = sigma;
    }

    /** Probability per group of {@link #LABELS}, summing to 1. */
    public float[] distribution(double predictedAge) {
        float[] groups = new float[LABELS.size()];
        double below = 0;
        for (int i = 0; i < BOUNDS.length; i++) {
            double cumulative = normalCdf((BOUNDS[i] - predictedAge) / sigma);
            groups[i] = (float) (cumulative - below);
            below = cumulative;
        }
        groups[groups.length - 1] = (float) (1 - below);
        return groups;
    }

    /**
     * Face-api's groups with the adults split by a head trained on adults only: the under-20 groups
     * and the adult mass stay face-api's (whether a face is a child, a teenager or an adult is
     * decided as without the head, which never answers under 20), and the adult mass is split in
     * proportion to {@code faceApi^(1-w) * head^w} with w = {@link #ADULT_HEAD_WEIGHT}. Without
     * face-api's groups (age not described by face-api) the head's own groups.
     *
     * @param faceApi face-api's distribution over {@link #LABELS}, or null
     * @param adultHead the head's distribution over {@link #LABELS} (its under-20 groups unused)
     */
    public static float[] withAdultHead(float[] faceApi, float[] adultHead) {
        if (faceApi == null) {
            return adultHead.clone();
        }
        float[] groups = faceApi.clone();
        double adultMass = 0;
        double[] split = new double[groups.length];
        double splitSum = 0;
        for (int g = FIRST_ADULT; g < groups.length; g++) {
            adultMass += faceApi[g];
            split[g] =
                    Math.exp(
                            (1 - ADULT_HEAD_WEIGHT) * Math.log(Math.max(faceApi[g], 1e-12))
                                    + ADULT_HEAD_WEIGHT * Math.log(Math.max(adultHead[g], 1e-12)));
            splitSum += split[g];
        }
        for (int g = FIRST_ADULT; g < groups.length; g++) {
            groups[g] = (float) (adultMass * split[g] / splitSum);
        }
        return groups;
    }

    /** Standard normal CDF via erf (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
    static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf =
                1
                        - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736)
                                                * t
                                        + 0.254829592)
                                * t
                                * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
