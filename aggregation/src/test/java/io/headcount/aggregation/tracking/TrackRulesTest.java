package io.headcount.aggregation.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a closed track is a visitor: at least N impressions over at least T ms. */
class TrackRulesTest {

    @Test
    void theDefaultsAreThoseOfTheDesign() {
        TrackRules rules = TrackRules.defaults();
        assertThat(rules.gap()).isEqualTo(Duration.ofSeconds(3));
        assertThat(rules.maxDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(rules.minImpressions()).isEqualTo(3);
        assertThat(rules.minSpan()).isEqualTo(Duration.ofMillis(500));
        assertThat(rules.checkInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(rules.closingDelay())
                .as("gap + check interval")
                .isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void aVisitorNeedsThreeImpressionsOverAtLeastHalfASecondByDefault() {
        TrackRules rules = TrackRules.defaults();
        long t0 = 1_772_445_600_000L;
        assertThat(rules.confirms(3, t0, t0 + 500)).as("both bounds reached").isTrue();
        assertThat(rules.confirms(3, t0, t0 + 499)).as("a millisecond short").isFalse();
        assertThat(rules.confirms(2, t0, t0 + 60_000)).as("long but two impressions").isFalse();
        assertThat(rules.confirms(40, t0, t0 + 100)).as("many within 100 ms").isFalse();
        assertThat(rules.confirms(4, t0, t0 + 2_000)).isTrue();
    }

    @Test
    void theBoundsAreConfigurable() {
        TrackRules rules =
                new TrackRules(
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(1),
                        5,
                        Duration.ofSeconds(2),
                        Duration.ofMillis(500));
        assertThat(rules.confirms(5, 0, 2_000)).isTrue();
        assertThat(rules.confirms(4, 0, 2_000)).isFalse();
        assertThat(rules.confirms(5, 0, 1_999)).isFalse();
        assertThat(rules.closingDelay()).isEqualTo(Duration.ofMillis(5_500));
    }
}
