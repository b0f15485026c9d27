package io.headcount.vision.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeScoreTest {

    @Test
    @SuppressWarnings("unchecked")
    void reportsAccuracyAndCoveragePerTrueClassAndTheirMeans() {
        AttributeScore score = new AttributeScore();
        Map<String, String> groups = Map.of("masked", "yes");
        // 8 men: all answered right, confidently. 2 women: one called a man (confident), one
        // right but unsure (0.6), plus one woman unanswered.
        for (int i = 0; i < 8; i++) {
            score.answered(true, 0.95, groups, "male");
        }
        score.answered(false, 0.9, groups, "female");
        score.answered(true, 0.6, groups, "female");
        score.unanswered(groups, "female");

        Map<String, Object> json = score.toJson();

        assertThat((double) json.get("accuracy")).isCloseTo(0.9, within(1e-9));
        assertThat((double) json.get("balanced_accuracy")).isCloseTo(0.75, within(1e-9));
        assertThat((double) json.get("balanced_coverage"))
                .isCloseTo((1 + 2 / 3.0) / 2, within(1e-9));
        Map<String, Map<String, Object>> byClass =
                (Map<String, Map<String, Object>>) json.get("by_class");
        assertThat((double) byClass.get("female").get("accuracy")).isCloseTo(0.5, within(1e-9));
        assertThat((double) byClass.get("male").get("coverage")).isCloseTo(1.0, within(1e-9));
        // At 0.7 the unsure woman drops out: women's accuracy 0, coverage 1/3.
        Map<String, Object> at07 =
                ((List<Map<String, Object>>) json.get("by_threshold"))
                        .stream()
                                .filter(row -> (double) row.get("threshold") == 0.7)
                                .findFirst()
                                .orElseThrow();
        Map<String, Map<String, Object>> classesAt07 =
                (Map<String, Map<String, Object>>) at07.get("by_class");
        assertThat((double) classesAt07.get("female").get("accuracy")).isZero();
        assertThat((double) classesAt07.get("female").get("coverage"))
                .isCloseTo(1 / 3.0, within(1e-9));
        assertThat((double) at07.get("balanced_accuracy")).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void anAttributeWithoutClassesHasNoBalancedFigures() {
        AttributeScore score = new AttributeScore();
        score.answered(true, 0.9, Map.of());
        assertThat(score.toJson()).doesNotContainKeys("by_class", "balanced_accuracy");
    }
}
