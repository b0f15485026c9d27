package io.headcount.aggregation.tracking;

import static io.headcount.aggregation.tracking.BinaryEvidenceTest.assertFused;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Summed, weighted log-probabilities for a many-valued attribute. The expected confidences use
 * products rather than logs: the softmax of {@code S(label) = Σ w·log p(label)} is {@code Π
 * p(label)^w / Σ_labels Π p^w}.
 */
class CategoricalEvidenceTest {

    private static final double THRESHOLD = 0.9;

    @Test
    void repeatedModestEvidenceBecomesConfidentAsTheProductsDiverge() {
        CategoricalEvidence age = new CategoricalEvidence();
        Map<String, Float> leaning = Map.of("30-39", 0.6f, "40-49", 0.4f);
        age.add(leaning, 1);
        assertFused(age.fuse(THRESHOLD), "undetermined", 0.6);

        age.add(leaning, 1);
        age.add(leaning, 1);
        // 0.6³ / (0.6³ + 0.4³) = 0.216 / 0.28 = 0.77143.
        assertFused(age.fuse(THRESHOLD), "undetermined", 0.216 / 0.28);

        age.add(leaning, 1);
        age.add(leaning, 1);
        age.add(leaning, 1);
        // 0.6⁶ / (0.6⁶ + 0.4⁶) = 0.046656 / 0.050752 = 0.91930.
        assertFused(age.fuse(THRESHOLD), "30-39", 0.046656 / 0.050752);
    }

    @Test
    void theMostLikelyLabelIsTheArgMaxWhateverItsConfidence() {
        CategoricalEvidence age = new CategoricalEvidence();
        assertThat(age.mostLikely()).as("no evidence").isNull();
        age.add(Map.of("0-12", 0.55f, "13-19", 0.45f), 1);
        assertThat(age.fuse(THRESHOLD).getValue()).isEqualTo("undetermined");
        assertThat(age.mostLikely()).isEqualTo("0-12");
    }

    @Test
    void aLabelAnImpressionDidNotGiveCountsAsOneInTenThousand() {
        CategoricalEvidence age = new CategoricalEvidence();
        age.add(Map.of("20-29", 0.9f, "30-39", 0.1f), 1);
        age.add(Map.of("20-29", 0.5f, "40-49", 0.5f), 1);
        // 20-29: 0.9 · 0.5 = 0.45; 30-39: 0.1 · 1e-4 = 1e-5; 40-49: 1e-4 · 0.5 = 5e-5.
        assertFused(age.fuse(THRESHOLD), "20-29", 0.45 / (0.45 + 1e-5 + 5e-5));
    }

    @Test
    void weightsAreExponentsSoAGoodFaceOutweighsAPoorOne() {
        CategoricalEvidence expression = new CategoricalEvidence();
        // A poor face (weight 1/4) says happy, a good one (weight 1) says neutral.
        expression.add(Map.of("happy", 0.9f, "neutral", 0.1f), 0.25);
        expression.add(Map.of("happy", 0.2f, "neutral", 0.8f), 1);
        double happy = Math.pow(0.9, 0.25) * 0.2; // 0.19480
        double neutral = Math.pow(0.1, 0.25) * 0.8; // 0.44987
        assertFused(expression.fuse(0.6), "neutral", neutral / (happy + neutral)); // 0.69783
        assertFused(expression.fuse(THRESHOLD), "undetermined", neutral / (happy + neutral));
    }

    @Test
    void aTieGoesToTheFirstLabelInSortOrderNotInArrivalOrder() {
        CategoricalEvidence age = new CategoricalEvidence();
        Map<String, Float> tie = new LinkedHashMap<>();
        tie.put("50-59", 0.5f);
        tie.put("20-29", 0.5f);
        age.add(tie, 1);
        assertFused(age.fuse(0.5), "20-29", 0.5);
        assertFused(age.fuse(THRESHOLD), "undetermined", 0.5);
    }

    @Test
    void noEvidenceIsUndeterminedWithConfidenceZero() {
        CategoricalEvidence age = new CategoricalEvidence();
        assertThat(age.add(null, 1)).isFalse();
        assertThat(age.add(Map.of(), 1)).isFalse();
        assertThat(age.add(Map.of("20-29", 0.99f), 0)).as("weight 0").isFalse();
        assertFused(age.fuse(THRESHOLD), "undetermined", 0);
    }

    @Test
    void unusableProbabilitiesAreFlooredOrCapped() {
        CategoricalEvidence age = new CategoricalEvidence();
        Map<String, Float> odd = new HashMap<>();
        odd.put("20-29", 1.5f); // capped at 1
        odd.put("30-39", null); // the floor, 1e-4
        odd.put("40-49", Float.NaN); // the floor
        odd.put("50-59", 0f); // the floor
        assertThat(age.add(odd, 1)).isTrue();
        assertFused(age.fuse(THRESHOLD), "20-29", 1 / (1 + 3e-4));
    }
}
