package io.headcount.aggregation.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headcount.schemas.FusedAttribute;
import org.junit.jupiter.api.Test;

/**
 * Summed, weighted log-odds for a yes/no attribute, capped at two full-weight impressions' worth.
 * The expected values use odds rather than logs: {@code sigmoid(Σ w·logit(p))} is {@code O / (1 +
 * O)} with {@code O = Π (p / (1 − p))^w}; past the cap {@code O^(2 / Σ w)}.
 */
class BinaryEvidenceTest {

    private static final double THRESHOLD = 0.9;

    @Test
    void agreeingImpressionsMultiplyTheirOddsUntilTheValueIsDetermined() {
        BinaryEvidence female = new BinaryEvidence();
        female.add(0.8f, 1);
        // Odds 4: p = 4/5 = 0.8, short of 0.9.
        assertThat(female.fuse("female", "male", THRESHOLD))
                .satisfies(fused -> assertFused(fused, "undetermined", 0.8));

        female.add(0.8f, 1);
        // Odds 4 · 4 = 16: p = 16/17 = 0.94118.
        assertThat(female.logOdds()).isCloseTo(Math.log(16), within(1e-6));
        assertFused(female.fuse("female", "male", THRESHOLD), "female", 16.0 / 17);
    }

    @Test
    void evidenceForTheOtherClassGivesTheOtherValueWithConfidenceOneMinusP() {
        BinaryEvidence female = new BinaryEvidence();
        female.add(0.1f, 1);
        female.add(0.1f, 1);
        // Odds (1/9)² = 1/81: p(female) = 1/82, p(male) = 81/82 = 0.98780.
        assertFused(female.fuse("female", "male", THRESHOLD), "male", 81.0 / 82);

        BinaryEvidence masked = new BinaryEvidence();
        masked.add(0.3f, 1);
        // p(unmasked) = 0.7: the "no" side is not forced either.
        assertFused(masked.fuse("masked", "unmasked", THRESHOLD), "undetermined", 0.7);
    }

    @Test
    void aWeightScalesTheLogOddsSoHalfAWeightIsTheSquareRootOfTheOdds() {
        BinaryEvidence female = new BinaryEvidence();
        female.add(0.8f, 0.5);
        // Odds 4^0.5 = 2: p = 2/3.
        assertFused(female.fuse("female", "male", THRESHOLD), "undetermined", 2.0 / 3);

        BinaryEvidence strong = new BinaryEvidence();
        for (int i = 0; i < 4; i++) {
            strong.add(0.8f, 0.5);
        }
        // Odds 2^4 = 16, as two full-weight impressions give: p = 16/17.
        assertFused(strong.fuse("female", "male", THRESHOLD), "female", 16.0 / 17);
    }

    @Test
    void impressionsPastTwoFullWeightsRefineTheAverageButAddNoCertainty() {
        BinaryEvidence female = new BinaryEvidence();
        for (int i = 0; i < 10; i++) {
            female.add(0.7f, 1);
        }
        // Ten views of one face the head is unsure of are not ten witnesses: the mean log-odds
        // ln(7/3) times 2, odds (7/3)² = 49/9, p = 49/58 = 0.84483, not 0.99979 (naive Bayes).
        assertThat(female.logOdds()).isCloseTo(10 * Math.log(7.0 / 3), within(1e-5));
        assertThat(female.weight()).isEqualTo(10);
        assertFused(female.fuse("female", "male", THRESHOLD), "undetermined", 49.0 / 58);

        BinaryEvidence sure = new BinaryEvidence();
        for (int i = 0; i < 10; i++) {
            sure.add(0.9f, 1);
        }
        // A face the head is sure of stays sure: odds 9² = 81, p = 81/82.
        assertFused(sure.fuse("female", "male", THRESHOLD), "female", 81.0 / 82);

        BinaryEvidence mixed = new BinaryEvidence();
        mixed.add(0.9f, 1);
        mixed.add(0.9f, 1);
        mixed.add(0.2f, 1);
        mixed.add(0.2f, 1);
        // Two for, two against (odds 9 and 1/4): the mean log-odds ln(9/4)/2 · 2, odds 9/4.
        assertFused(mixed.fuse("female", "male", THRESHOLD), "undetermined", 9.0 / 13);
    }

    @Test
    void contradictingEvidenceOfEqualWeightCancelsToUndetermined() {
        BinaryEvidence female = new BinaryEvidence();
        female.add(0.8f, 1);
        female.add(0.2f, 1);
        // Odds 4 · 1/4 = 1: p = 1/2.
        assertFused(female.fuse("female", "male", THRESHOLD), "undetermined", 0.5);
    }

    @Test
    void aCertainImpressionIsClampedSoItCannotDecideAlone() {
        BinaryEvidence female = new BinaryEvidence();
        female.add(1f, 1);
        // Clamped to 1 − 1e-4: odds 9999, not infinity.
        assertThat(female.logOdds()).isCloseTo(Math.log(9999), within(1e-6));
        female.add(0.01f, 1);
        female.add(0.01f, 1);
        // Two impressions at odds 1/99 each: 9999 / 9801 over weight 3, capped at 2 impressions'
        // worth: odds (9999 / 9801)^(2/3) = 1.01343, p = 0.50334.
        double odds = Math.pow(9999.0 / 9801, 2.0 / 3);
        assertFused(female.fuse("female", "male", THRESHOLD), "undetermined", odds / (1 + odds));

        BinaryEvidence opposite = new BinaryEvidence();
        opposite.add(1f, 1);
        opposite.add(0f, 1);
        // 9999 · 1/9999 = 1: no NaN, no infinity.
        assertFused(opposite.fuse("female", "male", THRESHOLD), "undetermined", 0.5);
    }

    @Test
    void missingProbabilitiesAndZeroWeightsAddNothing() {
        BinaryEvidence female = new BinaryEvidence();
        assertThat(female.add(null, 1)).isFalse();
        assertThat(female.add(Float.NaN, 1)).isFalse();
        assertThat(female.add(0.99f, 0)).as("a profile face, weight 0").isFalse();
        assertThat(female.logOdds()).isZero();
        assertFused(female.fuse("female", "male", THRESHOLD), "undetermined", 0.5);
        assertThat(female.add(0.99f, 0.01)).isTrue();
    }

    @Test
    void theThresholdDecidesBetweenAValueAndUndetermined() {
        BinaryEvidence female = new BinaryEvidence();
        female.add(0.85f, 1);
        // p = 0.85: a value at a threshold of 0.8, undetermined at 0.9.
        assertFused(female.fuse("female", "male", 0.8), "female", 0.85);
        assertFused(female.fuse("female", "male", 0.9), "undetermined", 0.85);
    }

    @Test
    void evenOddsFavourNeitherValueEvenAtTheLowestThresholdAccepted() {
        // 0.5 is the lowest threshold the app accepts. No evidence at all, or only impressions
        // at p = 1/2, is even odds: undetermined, never the "yes" side by default.
        assertFused(new BinaryEvidence().fuse("female", "male", 0.5), "undetermined", 0.5);
        BinaryEvidence unsure = new BinaryEvidence();
        unsure.add(0.5f, 1);
        unsure.add(0.5f, 0.3);
        assertFused(unsure.fuse("masked", "unmasked", 0.5), "undetermined", 0.5);

        BinaryEvidence leaning = new BinaryEvidence();
        leaning.add(0.4f, 1);
        assertFused(leaning.fuse("female", "male", 0.5), "male", 0.6);
    }

    static void assertFused(FusedAttribute fused, String value, double confidence) {
        assertThat(fused.getValue()).isEqualTo(value);
        assertThat((double) fused.getConfidence()).isCloseTo(confidence, within(1e-6));
    }
}
