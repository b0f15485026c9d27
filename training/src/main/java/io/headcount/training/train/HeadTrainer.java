package io.headcount.training.train;

import io.headcount.training.features.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Trains one binary head: class-balanced weights (each class weighs the same in total), the L2
 * penalty (towards zero, or towards a prior head) chosen by the weighted log-loss on a validation
 * part of the training side (split by identity too), then refitted on the whole training side.
 */
public final class HeadTrainer {

    /** A trained head and how it was chosen. */
    public record Trained(
            LinearModel model, double lambda, List<double[]> validation, int rows, int positives) {}

    private HeadTrainer() {}

    public static Trained train(
            List<Sample> training,
            Predicate<Sample> positive,
            Split split,
            double[] lambdas,
            LinearModel prior,
            Consumer<String> progress) {
        Split inner = split.inner();
        List<Sample> fit = training.stream().filter(s -> inner.isTrain(s.identity())).toList();
        List<Sample> validation =
                training.stream().filter(s -> !inner.isTrain(s.identity())).toList();
        double bestLoss = Double.MAX_VALUE;
        double bestLambda = lambdas[0];
        List<double[]> scores = new ArrayList<>();
        if (lambdas.length > 1) {
            for (double lambda : lambdas) {
                LinearModel model = fit(fit, positive, lambda, prior);
                double loss = logLoss(model, validation, positive);
                scores.add(new double[] {lambda, loss});
                progress.accept(
                        String.format(
                                Locale.ROOT,
                                "  lambda %.0e: validation log-loss %.4f (%d rows)",
                                lambda,
                                loss,
                                validation.size()));
                if (loss < bestLoss) {
                    bestLoss = loss;
                    bestLambda = lambda;
                }
            }
        }
        LinearModel model = fit(training, positive, bestLambda, prior);
        int positives = (int) training.stream().filter(positive).count();
        return new Trained(model, bestLambda, scores, training.size(), positives);
    }

    static LinearModel fit(List<Sample> rows, Predicate<Sample> positive, double lambda) {
        return fit(rows, positive, lambda, null);
    }

    static LinearModel fit(
            List<Sample> rows, Predicate<Sample> positive, double lambda, LinearModel prior) {
        float[][] x = new float[rows.size()][];
        int[] y = new int[rows.size()];
        double[] weights = balancedWeights(rows, positive);
        for (int i = 0; i < rows.size(); i++) {
            x[i] = rows.get(i).features();
            y[i] = positive.test(rows.get(i)) ? 1 : 0;
        }
        return LogisticRegression.fit(x, y, weights, lambda, prior);
    }

    /** Each class weighs half of the total. */
    static double[] balancedWeights(List<Sample> rows, Predicate<Sample> positive) {
        long positives = rows.stream().filter(positive).count();
        long negatives = rows.size() - positives;
        double[] weights = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            boolean p = positive.test(rows.get(i));
            weights[i] = 0.5 / Math.max(1, p ? positives : negatives);
        }
        return weights;
    }

    static double logLoss(LinearModel model, List<Sample> rows, Predicate<Sample> positive) {
        double[] weights = balancedWeights(rows, positive);
        double loss = 0;
        double total = 0;
        for (int i = 0; i < rows.size(); i++) {
            double p = model.probability(rows.get(i).features());
            p = Math.min(1 - 1e-12, Math.max(1e-12, p));
            loss -= weights[i] * (positive.test(rows.get(i)) ? Math.log(p) : Math.log(1 - p));
            total += weights[i];
        }
        return total == 0 ? Double.NaN : loss / total;
    }
}
