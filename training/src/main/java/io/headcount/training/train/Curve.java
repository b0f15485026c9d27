package io.headcount.training.train;

import io.headcount.training.features.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Accuracy and coverage of a binary answer over labelled samples, as {@code headcount eval} counts
 * them: coverage = answered / labelled (a face not found or below the quality gate is labelled but
 * unanswered), accuracy = correct / answered, and at a threshold t only answers with confidence
 * max(p, 1 - p) ≥ t count as answered.
 */
public final class Curve {

    public static final double[] THRESHOLDS = {0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99};

    /** The coverage the target is stated at. */
    public static final double TARGET_COVERAGE = 0.70;

    private record Answer(boolean correct, double confidence) {}

    private final int labelled;
    private final List<Answer> answers;

    private Curve(int labelled, List<Answer> answers) {
        this.labelled = labelled;
        this.answers = answers;
    }

    /**
     * @param samples the labelled samples
     * @param probability p(positive) of an answerable sample
     * @param positive the truth
     */
    public static Curve of(
            List<Sample> samples,
            ToDoubleFunction<Sample> probability,
            Predicate<Sample> positive) {
        List<Answer> answers = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.answerable()) {
                double p = probability.applyAsDouble(sample);
                answers.add(new Answer((p > 0.5) == positive.test(sample), Math.max(p, 1 - p)));
            }
        }
        answers.sort((a, b) -> Double.compare(b.confidence(), a.confidence()));
        return new Curve(samples.size(), answers);
    }

    public int labelled() {
        return labelled;
    }

    public double coverage(double threshold) {
        return labelled == 0 ? Double.NaN : answered(threshold) / (double) labelled;
    }

    public double accuracy(double threshold) {
        long answered = answered(threshold);
        long correct =
                answers.stream().filter(a -> a.confidence() >= threshold && a.correct()).count();
        return answered == 0 ? Double.NaN : correct / (double) answered;
    }

    /**
     * Accuracy of the most confident answers that make up {@code coverage} of the labelled faces
     * (the best threshold for that coverage, chosen on this very set, so an upper bound of what a
     * threshold fixed in advance gives); NaN when fewer faces were answered.
     */
    public double accuracyAtCoverage(double coverage) {
        int needed = (int) Math.ceil(coverage * labelled);
        if (needed == 0 || needed > answers.size()) {
            return Double.NaN;
        }
        long correct = answers.subList(0, needed).stream().filter(Answer::correct).count();
        return correct / (double) needed;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("labelled", labelled);
        json.put("answered", answers.size());
        json.put("accuracy", accuracy(0));
        json.put("coverage", coverage(0));
        json.put("accuracy_at_coverage_70", accuracyAtCoverage(TARGET_COVERAGE));
        List<Object> rows = new ArrayList<>();
        for (double t : THRESHOLDS) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("threshold", t);
            row.put("accuracy", accuracy(t));
            row.put("coverage", coverage(t));
            rows.add(row);
        }
        json.put("by_threshold", rows);
        return json;
    }

    private long answered(double threshold) {
        return answers.stream().filter(a -> a.confidence() >= threshold).count();
    }
}
