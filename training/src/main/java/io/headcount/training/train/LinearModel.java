package io.headcount.training.train;

/**
 * A fitted binary linear head on raw backbone features: p(second label) = sigmoid(w·x + b).
 *
 * @param weights one per feature
 * @param bias the intercept
 */
public record LinearModel(double[] weights, double bias) {

    public double probability(float[] features) {
        double eta = bias;
        for (int i = 0; i < weights.length; i++) {
            eta += weights[i] * features[i];
        }
        return 1 / (1 + Math.exp(-eta));
    }
}
