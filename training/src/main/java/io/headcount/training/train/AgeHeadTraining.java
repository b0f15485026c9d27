package io.headcount.training.train;

import io.headcount.training.features.Sample;
import io.headcount.vision.attributes.AgeGroups;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The age-group head of {@code train-head --backbone faceres} (issue 19): a softmax head on HSE
 * FaceRes {@code feats256} over the product's {@link AgeGroups#LABELS}, trained on the same
 * extraction as the sex head ({@link SexHeadTraining}): the UTK fit part, originals and synthetic
 * masks. Its penalty is chosen, and its confidence calibrated (one temperature), on the UTK
 * validation part only, original and synthetic-masked counting the same; the choice rule (fixed
 * before any test figure was looked at) is the highest mean exact-group accuracy of the two. The
 * UTK test side is reported, never chosen on.
 *
 * <p>The training faces are adults (UTK age ≥ {@link DataSets#MIN_AGE}): the groups nobody trained
 * on ({@code 0-12}, {@code 13-19}) get a logit of {@link #NEVER}, so the head never answers them.
 */
public final class AgeHeadTraining {

    public static final String HEAD_FILE = "age-head-faceres.onnx";

    /** The penalties the validation chooses from. */
    public static final double[] LAMBDAS = {1e-3, 1e-2, 3e-2, 1e-1};

    /** The temperatures the calibration chooses from: 0.50, 0.55, … 3.00. */
    static final double[] TEMPERATURES = temperatures();

    /** Logit bias of a group without training faces (its probability is then 0 in float). */
    static final double NEVER = -100;

    /** What the training produced: the head and its figures. */
    public record Result(SoftmaxModel model, double lambda, Map<String, Object> report) {}

    private AgeHeadTraining() {}

    /**
     * @param sets the extraction of {@link SexHeadTraining} (training, validation and, where
     *     extracted, test sets)
     */
    public static Result train(Map<String, List<Sample>> sets, Consumer<String> progress) {
        List<Sample> training = labelled(sets.get("faceres_utk_fit"));
        Map<String, List<Sample>> validation = split(sets.get("faceres_utk_validation"), "utk");
        List<Integer> present = new ArrayList<>();
        for (int g = 0; g < AgeGroups.LABELS.size(); g++) {
            String label = AgeGroups.LABELS.get(g);
            if (training.stream().anyMatch(s -> s.ageGroup().equals(label))) {
                present.add(g);
            }
        }
        float[][] x = training.stream().map(Sample::features).toArray(float[][]::new);
        int[] y = training.stream().mapToInt(s -> present.indexOf(group(s))).toArray();
        double[] weights = new double[x.length];
        java.util.Arrays.fill(weights, 1);

        double bestScore = -1;
        SoftmaxModel best = null;
        double bestLambda = Double.NaN;
        List<Map<String, Object>> lambdaScores = new ArrayList<>();
        for (double lambda : LAMBDAS) {
            SoftmaxModel model =
                    expanded(SoftmaxRegression.fit(x, y, weights, present.size(), lambda), present);
            double score = 0;
            for (List<Sample> set : validation.values()) {
                score += AgeScore.of(set, model).exact() / validation.size();
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("lambda", lambda);
            row.put("validation_mean_exact", score);
            lambdaScores.add(row);
            progress.accept(
                    String.format(
                            Locale.ROOT,
                            "  age head, lambda %.0e: mean validation exact %.4f",
                            lambda,
                            score));
            if (score > bestScore) {
                bestScore = score;
                best = model;
                bestLambda = lambda;
            }
        }
        double temperature = temperature(best, validation);
        SoftmaxModel calibrated = best.tempered(temperature);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("features", "feats256");
        report.put("labels", AgeGroups.LABELS);
        report.put("training_faces", training.size());
        report.put("lambda", bestLambda);
        report.put("lambdas", lambdaScores);
        report.put("temperature", temperature);
        Map<String, Object> validationReport = new LinkedHashMap<>();
        validation.forEach(
                (name, set) -> validationReport.put(name, AgeScore.of(set, calibrated).toJson()));
        report.put("validation", validationReport);
        Map<String, Object> testReport = new LinkedHashMap<>();
        if (sets.containsKey("faceres_utk_test")) {
            split(sets.get("faceres_utk_test"), "utk_test")
                    .forEach(
                            (name, set) ->
                                    testReport.put(name, AgeScore.of(set, calibrated).toJson()));
        }
        report.put("test", testReport);
        return new Result(calibrated, bestLambda, report);
    }

    /** The temperature with the lowest mean validation log-loss (each set counting the same). */
    static double temperature(SoftmaxModel model, Map<String, List<Sample>> validation) {
        double best = 1;
        double bestLoss = Double.MAX_VALUE;
        for (double t : TEMPERATURES) {
            SoftmaxModel tempered = model.tempered(t);
            double loss = 0;
            for (List<Sample> set : validation.values()) {
                double sum = 0;
                for (Sample s : set) {
                    sum -=
                            Math.log(
                                    Math.max(
                                            tempered.probabilities(s.features())[group(s)], 1e-12));
                }
                loss += sum / set.size() / validation.size();
            }
            if (loss < bestLoss) {
                bestLoss = loss;
                best = t;
            }
        }
        return best;
    }

    /** The head over all labels: a group without training faces gets weights 0, bias NEVER. */
    static SoftmaxModel expanded(SoftmaxModel fitted, List<Integer> present) {
        int labels = AgeGroups.LABELS.size();
        int d = fitted.weights()[0].length;
        double[][] weights = new double[labels][d];
        double[] bias = new double[labels];
        java.util.Arrays.fill(bias, NEVER);
        for (int i = 0; i < present.size(); i++) {
            weights[present.get(i)] = fitted.weights()[i].clone();
            bias[present.get(i)] = fitted.bias()[i];
        }
        return new SoftmaxModel(weights, bias);
    }

    /** A set's answerable faces with a known group, split into originals and synthetic masks. */
    static Map<String, List<Sample>> split(List<Sample> samples, String name) {
        List<Sample> labelled = labelled(samples);
        Map<String, List<Sample>> parts = new LinkedHashMap<>();
        parts.put(
                name + "_unmasked",
                labelled.stream().filter(s -> !s.masked().equals("synthetic")).toList());
        parts.put(
                name + "_synthetic_masked",
                labelled.stream().filter(s -> s.masked().equals("synthetic")).toList());
        return parts;
    }

    private static List<Sample> labelled(List<Sample> samples) {
        return samples.stream()
                .filter(s -> s.answerable() && AgeGroups.LABELS.contains(s.ageGroup()))
                .toList();
    }

    static int group(Sample s) {
        return AgeGroups.LABELS.indexOf(s.ageGroup());
    }

    private static double[] temperatures() {
        double[] t = new double[51];
        for (int i = 0; i < t.length; i++) {
            t[i] = 0.5 + 0.05 * i;
        }
        return t;
    }

    /** Exact-group and within-one-group accuracy of the most likely group, over answered faces. */
    record AgeScore(int faces, double exact, double withinOne) {

        static AgeScore of(List<Sample> samples, SoftmaxModel model) {
            int exact = 0;
            int near = 0;
            for (Sample s : samples) {
                int predicted = model.mostLikely(s.features());
                exact += predicted == group(s) ? 1 : 0;
                near += Math.abs(predicted - group(s)) <= 1 ? 1 : 0;
            }
            int n = samples.size();
            return new AgeScore(
                    n,
                    n == 0 ? Double.NaN : exact / (double) n,
                    n == 0 ? Double.NaN : near / (double) n);
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("faces", faces);
            json.put("exact", exact);
            json.put("within_one", withinOne);
            return json;
        }
    }
}
