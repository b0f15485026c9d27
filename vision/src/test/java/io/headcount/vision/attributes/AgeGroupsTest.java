package io.headcount.vision.attributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AgeGroupsTest {

    private final AgeGroups groups = new AgeGroups(AgeGroups.DEFAULT_SIGMA);

    @Test
    void everyPredictionGivesADistributionOverTheSevenGroups() {
        for (double age = -5; age <= 110; age += 0.5) {
            float[] p = groups.distribution(age);
            assertThat(p).hasSize(AgeGroups.LABELS.size());
            double sum = 0;
            for (float v : p) {
                assertThat(v).isBetween(0f, 1f);
                sum += v;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void theGroupOfThePredictionGetsMostMassAndNeighboursSome() {
        float[] p = groups.distribution(35); // the middle of 30-39
        assertThat(argmax(p)).isEqualTo(AgeGroups.LABELS.indexOf("30-39"));
        // P(30 <= X < 40) for X ~ N(35, 6): 2 * Phi(5/6) - 1 = 0.5953
        assertThat(p[3]).isCloseTo(0.5953f, within(1e-3f));
        assertThat(p[2]).isCloseTo(p[4], within(1e-5f));
        assertThat(groups.distribution(80)[6]).isGreaterThan(0.999f);
        assertThat(groups.distribution(3)[0]).isGreaterThan(0.95f);
    }

    @Test
    void aSmallerSigmaIsMoreCertain() {
        assertThat(new AgeGroups(2).distribution(25)[2]).isGreaterThan(groups.distribution(25)[2]);
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
