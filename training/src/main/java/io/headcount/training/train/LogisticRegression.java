package io.headcount.training.train;

/**
 * Binary logistic regression with an L2 penalty, fitted by Newton's method (iteratively reweighted
 * least squares) on standardised features: deterministic, no learning rate, converges in a few
 * iterations for a few hundred features. Each row has a weight, which makes the loss class-balanced
 * when the caller weights each class by the inverse of its frequency.
 */
public final class LogisticRegression {

    static final int MAX_ITERATIONS = 50;
    static final double TOLERANCE = 1e-7;

    private LogisticRegression() {}

    /**
     * @param x rows of features
     * @param y labels 0/1
     * @param weights row weights (sum is normalised away)
     * @param lambda L2 penalty on the standardised weights (not on the bias), per unit of total row
     *     weight
     */
    public static LinearModel fit(float[][] x, int[] y, double[] weights, double lambda) {
        return fit(x, y, weights, lambda, null);
    }

    /**
     * Like {@link #fit(float[][], int[], double[], double)}, but the penalty pulls the weights
     * towards {@code prior} (raw-feature weights, e.g. face-api's own sex layer) instead of towards
     * zero: what the prior knows from its far larger training set is kept unless the data here
     * disagree.
     */
    public static LinearModel fit(
            float[][] x, int[] y, double[] weights, double lambda, LinearModel prior) {
        int n = x.length;
        if (n == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        int d = x[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        standardisation(x, mean, scale);
        double totalWeight = 0;
        for (double w : weights) {
            totalWeight += w;
        }
        // Parameters: d standardised weights then the bias.
        int p = d + 1;
        double[] beta = new double[p];
        double[] centre = new double[p];
        if (prior != null) {
            // The prior in standardised space: w_std = w_raw * scale, bias_std = b + sum w mean.
            centre[d] = prior.bias();
            for (int a = 0; a < d; a++) {
                centre[a] = prior.weights()[a] * scale[a];
                centre[d] += prior.weights()[a] * mean[a];
            }
            beta = centre.clone();
        }
        double[] z = new double[p];
        double previousLoss = Double.MAX_VALUE;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] gradient = new double[p];
            double[][] hessian = new double[p][p];
            double loss = 0;
            for (int i = 0; i < n; i++) {
                standardised(x[i], mean, scale, z);
                double eta = dot(beta, z);
                double prob = 1 / (1 + Math.exp(-eta));
                double w = weights[i] / totalWeight;
                loss += w * (y[i] == 1 ? softplus(-eta) : softplus(eta));
                double g = w * (prob - y[i]);
                double h = w * Math.max(prob * (1 - prob), 1e-10);
                for (int a = 0; a < p; a++) {
                    gradient[a] += g * z[a];
                    double hz = h * z[a];
                    double[] row = hessian[a];
                    for (int b = 0; b <= a; b++) {
                        row[b] += hz * z[b];
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                double offset = beta[a] - centre[a];
                loss += 0.5 * lambda * offset * offset;
                gradient[a] += lambda * offset;
                hessian[a][a] += lambda;
            }
            for (int a = 0; a < p; a++) {
                for (int b = a + 1; b < p; b++) {
                    hessian[a][b] = hessian[b][a];
                }
            }
            double[] step = Cholesky.solve(hessian, gradient);
            for (int a = 0; a < p; a++) {
                beta[a] -= step[a];
            }
            if (Math.abs(previousLoss - loss) < TOLERANCE) {
                break;
            }
            previousLoss = loss;
        }
        // Fold the standardisation into raw-feature weights: w_raw = w / scale, b -= sum w mean.
        double[] raw = new double[d];
        double bias = beta[d];
        for (int a = 0; a < d; a++) {
            raw[a] = beta[a] / scale[a];
            bias -= raw[a] * mean[a];
        }
        return new LinearModel(raw, bias);
    }

    /** Per feature mean and standard deviation (1 for a constant feature). */
    static void standardisation(float[][] x, double[] mean, double[] scale) {
        int n = x.length;
        for (float[] row : x) {
            for (int a = 0; a < mean.length; a++) {
                mean[a] += row[a] / (double) n;
            }
        }
        for (float[] row : x) {
            for (int a = 0; a < mean.length; a++) {
                double v = row[a] - mean[a];
                scale[a] += v * v / n;
            }
        }
        for (int a = 0; a < scale.length; a++) {
            scale[a] = scale[a] < 1e-12 ? 1 : Math.sqrt(scale[a]);
        }
    }

    static void standardised(float[] row, double[] mean, double[] scale, double[] z) {
        for (int a = 0; a < mean.length; a++) {
            z[a] = (row[a] - mean[a]) / scale[a];
        }
        z[mean.length] = 1;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** log(1 + e^v) without overflow. */
    private static double softplus(double v) {
        return v > 30 ? v : Math.log1p(Math.exp(v));
    }
}
