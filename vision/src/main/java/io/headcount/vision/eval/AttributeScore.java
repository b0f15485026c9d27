package io.headcount.vision.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accuracy and coverage of one attribute over the labelled images, overall, per confidence
 * threshold and per group: {@code masked} (no / yes = real masks / synthetic), age group and race
 * where the manifest has them. Coverage = answered / labelled, where an image without a detected
 * face, or whose face failed the quality gate or got no value, is labelled but unanswered. Accuracy
 * = correct / answered. At a threshold t only answers with confidence at least t count as answered,
 * so the thresholds trace an accuracy/coverage curve.
 *
 * <p>Where the outcomes carry their true class (sex: male, female), every summary row also gives
 * accuracy and coverage per true class ({@code by_class}) and their means ({@code
 * balanced_accuracy}, {@code balanced_coverage}): a set of mostly men hides how often women are
 * called men, and so does the overall accuracy.
 */
final class AttributeScore {

    static final double[] THRESHOLDS = {0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99};

    /** Manifest columns an attribute is broken down by, with the JSON key of each breakdown. */
    static final Map<String, String> GROUPINGS =
            Map.of("masked", "by_masked", "age_group", "by_age_group", "race", "by_race");

    private static final List<String> GROUPING_ORDER = List.of("masked", "age_group", "race");

    /**
     * One labelled image: whether it was answered, correct, the answer's confidence, its groups.
     */
    private record Outcome(
            boolean answered,
            boolean correct,
            double confidence,
            Map<String, String> groups,
            String truth) {}

    private final List<Outcome> outcomes = new ArrayList<>();

    void unanswered(Map<String, String> groups) {
        unanswered(groups, "");
    }

    void answered(boolean correct, double confidence, Map<String, String> groups) {
        answered(correct, confidence, groups, "");
    }

    /** As {@link #unanswered(Map)}, of an image of the true class {@code truth}. */
    void unanswered(Map<String, String> groups, String truth) {
        outcomes.add(new Outcome(false, false, 0, groups, truth));
    }

    /** As {@link #answered(boolean, double, Map)}, of an image of the true class {@code truth}. */
    void answered(boolean correct, double confidence, Map<String, String> groups, String truth) {
        outcomes.add(new Outcome(true, correct, confidence, groups, truth));
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = summary(outcomes);
        for (String column : GROUPING_ORDER) {
            Set<String> values = new LinkedHashSet<>();
            outcomes.forEach(o -> values.add(o.groups().getOrDefault(column, "")));
            values.remove("");
            Map<String, Object> breakdown = new LinkedHashMap<>();
            for (String value : values.stream().sorted().toList()) {
                breakdown.put(
                        value,
                        summary(
                                outcomes.stream()
                                        .filter(o -> value.equals(o.groups().get(column)))
                                        .toList()));
            }
            if (!breakdown.isEmpty() || column.equals("masked")) {
                json.put(GROUPINGS.get(column), breakdown);
            }
        }
        return json;
    }

    private static Map<String, Object> summary(List<Outcome> outcomes) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("labelled", outcomes.size());
        json.putAll(at(outcomes, 0));
        List<Object> byThreshold = new ArrayList<>();
        for (double threshold : THRESHOLDS) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("threshold", threshold);
            row.putAll(at(outcomes, threshold));
            byThreshold.add(row);
        }
        json.put("by_threshold", byThreshold);
        return json;
    }

    private static Map<String, Object> at(List<Outcome> outcomes, double threshold) {
        Map<String, Object> json = plainAt(outcomes, threshold);
        Set<String> classes = new java.util.TreeSet<>();
        outcomes.forEach(o -> classes.add(o.truth()));
        classes.remove("");
        if (classes.isEmpty()) {
            return json;
        }
        Map<String, Object> byClass = new LinkedHashMap<>();
        double accuracy = 0;
        double coverage = 0;
        boolean complete = true;
        for (String truth : classes) {
            Map<String, Object> one =
                    plainAt(
                            outcomes.stream().filter(o -> truth.equals(o.truth())).toList(),
                            threshold);
            byClass.put(truth, one);
            complete &= one.get("accuracy") != null;
            accuracy += one.get("accuracy") == null ? 0 : (double) one.get("accuracy");
            coverage += (double) one.get("coverage");
        }
        json.put(
                "balanced_accuracy",
                complete && classes.size() > 1 ? accuracy / classes.size() : null);
        json.put("balanced_coverage", classes.size() > 1 ? coverage / classes.size() : null);
        json.put("by_class", byClass);
        return json;
    }

    private static Map<String, Object> plainAt(List<Outcome> outcomes, double threshold) {
        long answered =
                outcomes.stream().filter(o -> o.answered() && o.confidence() >= threshold).count();
        long correct =
                outcomes.stream()
                        .filter(o -> o.answered() && o.confidence() >= threshold && o.correct())
                        .count();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("answered", answered);
        json.put("accuracy", answered == 0 ? null : (double) correct / answered);
        json.put("coverage", outcomes.isEmpty() ? null : (double) answered / outcomes.size());
        return json;
    }
}
