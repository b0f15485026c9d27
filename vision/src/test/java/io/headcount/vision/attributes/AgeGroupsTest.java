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

    @Test
    void anAdultHeadSplitsTheAdultMassAndLeavesTheUnder20GroupsToFaceApi() {
        // The adult head never answers 0-12 or 13-19 and is sure of 40-49.
        float[] head = {0, 0, 0.05f, 0.1f, 0.7f, 0.1f, 0.05f};
        for (double age : new double[] {6, 15, 21, 35}) {
            float[] faceApi = groups.distribution(age);
            float[] both = AgeGroups.withAdultHead(faceApi, head);
            assertThat(both[0]).isEqualTo(faceApi[0]);
            assertThat(both[1]).isEqualTo(faceApi[1]);
            double sum = 0;
            for (float v : both) {
                sum += v;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-5));
        }
        // A child stays a child however sure the head is of an adult group.
        assertThat(argmax(AgeGroups.withAdultHead(groups.distribution(6), head))).isZero();
        // An adult's group moves toward the head's, face-api still counting.
        float[] faceApi = groups.distribution(35);
        float[] adult = AgeGroups.withAdultHead(faceApi, head);
        assertThat(argmax(faceApi)).isEqualTo(AgeGroups.LABELS.indexOf("30-39"));
        assertThat(argmax(adult)).isEqualTo(AgeGroups.LABELS.indexOf("40-49"));
        float headAlone = 0.7f * (1 - faceApi[0] - faceApi[1]);
        assertThat(adult[4]).isLessThan(headAlone);
    }

    @Test
    void withoutFaceApiGroupsTheHeadAnswersAlone() {
        float[] head = {0, 0, 0.2f, 0.5f, 0.2f, 0.05f, 0.05f};
        assertThat(AgeGroups.withAdultHead(null, head)).containsExactly(head);
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
