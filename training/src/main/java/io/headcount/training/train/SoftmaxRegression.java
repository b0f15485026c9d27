package io.headcount.training.train;

/**
 * Multinomial (softmax) logistic regression with an L2 penalty, for a head with more than two
 * labels (the age groups). Fitted on standardised features by accelerated gradient descent
 * (Nesterov momentum, restarted when the loss rises) with the step 1/L from a bound on the loss's
 * curvature: deterministic and without a learning rate to tune. Newton's method, as {@link
 * LogisticRegression} uses, would need a Hessian of (features × labels)² entries. Each row has a
 * weight (class balance is the caller's choice).
 */
public final class SoftmaxRegression {

    static final int MAX_ITERATIONS = 3000;

    /** Stop when the loss falls by less than this between iterations. */
    static final double TOLERANCE = 1e-10;

    private SoftmaxRegression() {}

    /**
     * @param x rows of features
     * @param y label index per row, 0 … {@code labels - 1}
     * @param weights row weights (sum is normalised away)
     * @param labels number of labels
     * @param lambda L2 penalty on the standardised weights (not on the biases), per unit of total
     *     row weight
     */
    public static SoftmaxModel fit(
            float[][] x, int[] y, double[] weights, int labels, double lambda) {
        int n = x.length;
        if (n == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        int d = x[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        LogisticRegression.standardisation(x, mean, scale);
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double[][] z = new double[n][d + 1];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            LogisticRegression.standardised(x[i], mean, scale, z[i]);
            w[i] = weights[i] / total;
        }
        // Curvature bound: the softmax loss's Hessian is at most 1/2 (Z'WZ) per label.
        double step = 1 / (0.5 * largestEigenvalue(z, w) + lambda);
        int p = d + 1;
        double[][] beta = new double[labels][p];
        double[][] previous = new double[labels][p];
        double[][] ahead = new double[labels][p];
        double[][] gradient = new double[labels][p];
        double previousLoss = Double.MAX_VALUE;
        double momentum = 0;
        int sinceRestart = 0;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            momentum = sinceRestart / (sinceRestart + 3.0);
            for (int k = 0; k < labels; k++) {
                for (int a = 0; a < p; a++) {
                    ahead[k][a] = beta[k][a] + momentum * (beta[k][a] - previous[k][a]);
                }
            }
            lossAndGradient(z, y, w, ahead, lambda, gradient);
            for (int k = 0; k < labels; k++) {
                System.arraycopy(beta[k], 0, previous[k], 0, p);
                for (int a = 0; a < p; a++) {
                    beta[k][a] = ahead[k][a] - step * gradient[k][a];
                }
            }
            double loss = lossAndGradient(z, y, w, beta, lambda, null);
            if (loss > previousLoss) {
                sinceRestart = 0; // momentum overshot: restart from the last point
                for (int k = 0; k < labels; k++) {
                    System.arraycopy(previous[k], 0, beta[k], 0, p);
                }
                continue;
            }
            sinceRestart++;
            if (previousLoss - loss < TOLERANCE) {
                break;
            }
            previousLoss = loss;
        }
        // Fold the standardisation into raw-feature weights: w_raw = w / scale, b -= sum w mean.
        double[][] raw = new double[labels][d];
        double[] bias = new double[labels];
        for (int k = 0; k < labels; k++) {
            bias[k] = beta[k][d];
            for (int a = 0; a < d; a++) {
                raw[k][a] = beta[k][a] / scale[a];
                bias[k] -= raw[k][a] * mean[a];
            }
        }
        return new SoftmaxModel(raw, bias);
    }

    /**
     * Weighted mean cross-entropy plus the penalty; the gradient into {@code gradient} if given.
     */
    static double lossAndGradient(
            double[][] z,
            int[] y,
            double[] w,
            double[][] beta,
            double lambda,
            double[][] gradient) {
        int labels = beta.length;
        int p = beta[0].length;
        if (gradient != null) {
            for (double[] row : gradient) {
                java.util.Arrays.fill(row, 0);
            }
        }
        double loss = 0;
        double[] logits = new double[labels];
        for (int i = 0; i < z.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < labels; k++) {
                logits[k] = dot(beta[k], z[i]);
                max = Math.max(max, logits[k]);
            }
            double sum = 0;
            for (int k = 0; k < labels; k++) {
                logits[k] = Math.exp(logits[k] - max);
                sum += logits[k];
            }
            loss -= w[i] * Math.log(Math.max(logits[y[i]] / sum, 1e-300));
            if (gradient != null) {
                for (int k = 0; k < labels; k++) {
                    double g = w[i] * (logits[k] / sum - (k == y[i] ? 1 : 0));
                    double[] row = gradient[k];
                    for (int a = 0; a < p; a++) {
                        row[a] += g * z[i][a];
                    }
                }
            }
        }
        for (int k = 0; k < labels; k++) {
            for (int a = 0; a < p - 1; a++) {
                loss += 0.5 * lambda * beta[k][a] * beta[k][a];
                if (gradient != null) {
                    gradient[k][a] += lambda * beta[k][a];
                }
            }
        }
        return loss;
    }

    /** Largest eigenvalue of Z'WZ by power iteration from a fixed start (deterministic). */
    static double largestEigenvalue(double[][] z, double[] w) {
        int p = z[0].length;
        double[] v = new double[p];
        java.util.Arrays.fill(v, 1 / Math.sqrt(p));
        double eigenvalue = 0;
        for (int iteration = 0; iteration < 100; iteration++) {
            double[] next = new double[p];
            for (int i = 0; i < z.length; i++) {
                double s = w[i] * dot(z[i], v);
                for (int a = 0; a < p; a++) {
                    next[a] += s * z[i][a];
                }
            }
            double norm = Math.sqrt(dot(next, next));
            if (norm == 0) {
                return 0;
            }
            for (int a = 0; a < p; a++) {
                v[a] = next[a] / norm;
            }
            if (Math.abs(norm - eigenvalue) < 1e-9 * norm) {
                return norm;
            }
            eigenvalue = norm;
        }
        return eigenvalue * 1.01; // not quite converged: a little margin keeps the step safe
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
