package io.headcount.inference.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy and coverage of one attribute over the labelled images, overall, per confidence
 * threshold and per {@code masked} yes/no. Coverage = answered / labelled, where an image without a
 * detected face, or whose face failed the quality gate or got no value, is labelled but unanswered.
 * Accuracy = correct / answered. At a threshold t only answers with confidence at least t count as
 * answered.
 */
final class AttributeScore {

    static final double[] THRESHOLDS = {0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99};

    /**
     * One labelled image: whether it was answered, correct, the answer's confidence, masked or not.
     */
    private record Outcome(boolean answered, boolean correct, double confidence, String masked) {}

    private final List<Outcome> outcomes = new ArrayList<>();

    void unanswered(String masked) {
        outcomes.add(new Outcome(false, false, 0, masked));
    }

    void answered(boolean correct, double confidence, String masked) {
        outcomes.add(new Outcome(true, correct, confidence, masked));
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = summary(outcomes);
        Map<String, Object> byMasked = new LinkedHashMap<>();
        for (String masked : List.of("yes", "no")) {
            List<Outcome> subset =
                    outcomes.stream().filter(o -> masked.equals(o.masked())).toList();
            if (!subset.isEmpty()) {
                byMasked.put(masked, summary(subset));
            }
        }
        json.put("by_masked", byMasked);
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
