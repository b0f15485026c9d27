package io.headcount.scoring.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headcount.schemas.FusedAttribute;
import org.junit.jupiter.api.Test;

class AttributeTallyTest {

    private static FusedAttribute fused(String value) {
        return new FusedAttribute(value, 0.95f);
    }

    @Test
    void accuracyComesWithItsWilsonInterval() {
        AttributeTally tally = new AttributeTally();
        // Unmasked: 95 of 100 right. Masked: 10 of 10 right, and one undetermined.
        for (int i = 0; i < 100; i++) {
            tally.add(fused(i < 95 ? "female" : "male"), "female", false);
        }
        for (int i = 0; i < 10; i++) {
            tally.add(fused("male"), "male", true);
        }
        tally.add(fused(AttributeTally.UNDETERMINED), "male", true);

        AttributeScore score = tally.score();

        assertThat(score.accuracyUnmasked()).isEqualTo(0.95);
        // Wilson, z = 1.96: (p + z²/2n ± z √(p(1 − p)/n + z²/4n²)) / (1 + z²/n).
        assertThat(score.accuracyUnmaskedCi95().get(0)).isCloseTo(0.8882, within(1e-4));
        assertThat(score.accuracyUnmaskedCi95().get(1)).isCloseTo(0.9785, within(1e-4));
        // All right is not a certainty with ten: the interval reaches down to 0.72.
        assertThat(score.accuracyMasked()).isEqualTo(1.0);
        assertThat(score.accuracyMaskedCi95().get(0)).isCloseTo(0.7225, within(1e-4));
        assertThat(score.accuracyMaskedCi95().get(1)).isCloseTo(1.0, within(1e-9));
        assertThat(score.accuracyCi95().get(0)).isLessThan(score.accuracy());
        assertThat(score.accuracyCi95().get(1)).isGreaterThan(score.accuracy());
    }

    @Test
    void nothingDeterminedHasNoInterval() {
        AttributeTally tally = new AttributeTally();
        tally.add(fused(AttributeTally.UNDETERMINED), "male", true);

        AttributeScore score = tally.score();

        assertThat(score.accuracyMasked()).isNull();
        assertThat(score.accuracyMaskedCi95()).isNull();
        assertThat(score.accuracyUnmaskedCi95()).isNull();
    }
}
