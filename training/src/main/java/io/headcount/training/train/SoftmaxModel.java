package io.headcount.training.train;

/**
 * A fitted linear head with several labels on raw backbone features: p = softmax(W x + b).
 *
 * @param weights one row of feature weights per label
 * @param bias one intercept per label
 */
public record SoftmaxModel(double[][] weights, double[] bias) {

    /** The probability of each label. */
    public double[] probabilities(float[] features) {
        int labels = bias.length;
        double[] p = new double[labels];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < labels; k++) {
            double eta = bias[k];
            for (int i = 0; i < features.length; i++) {
                eta += weights[k][i] * features[i];
            }
            p[k] = eta;
            max = Math.max(max, eta);
        }
        double sum = 0;
        for (int k = 0; k < labels; k++) {
            p[k] = Math.exp(p[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < labels; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /** The most likely label's index. */
    public int mostLikely(float[] features) {
        double[] p = probabilities(features);
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            best = p[k] > p[best] ? k : best;
        }
        return best;
    }

    /** The same head with every logit divided by {@code temperature} (calibration). */
    public SoftmaxModel tempered(double temperature) {
        double[][] w = new double[weights.length][];
        double[] b = new double[bias.length];
        for (int k = 0; k < bias.length; k++) {
            w[k] = weights[k].clone();
            for (int i = 0; i < w[k].length; i++) {
                w[k][i] /= temperature;
            }
            b[k] = bias[k] / temperature;
        }
        return new SoftmaxModel(w, b);
    }
}
