package io.headcount.training.train;

import io.headcount.training.features.Sample;
import java.util.List;

/**
 * Recovers face-api's own sex layer from its answers: its {@code gender} output is a softmax of a
 * linear layer on the same {@code features}, so the logit log(p / (1 - p)) is linear in them and a
 * least-squares fit gives the layer back. The trained sex head starts from it and is pulled towards
 * it ({@link LogisticRegression#fit(float[][], int[], double[], double, LinearModel)}).
 */
public final class PriorHead {

    /** Answers this close to 0 or 1 carry no usable logit in float precision. */
    static final double SATURATED = 1e-5;

    private PriorHead() {}

    /**
     * The backbone's own sex layer on the samples' features, from its answers ({@link
     * Sample#baselineFemale}): exact for a backbone whose p(female) is a sigmoid or softmax of a
     * linear layer on those features (face-api's {@code gender} on {@code features}, HSE FaceRes's
     * {@code gender_male} on {@code feats256}).
     */
    public static LinearModel sexLayer(List<Sample> samples) {
        List<Sample> rows =
                samples.stream()
                        .filter(Sample::detected)
                        .filter(
                                s ->
                                        s.baselineFemale() > SATURATED
                                                && s.baselineFemale() < 1 - SATURATED)
                        .toList();
        int d = rows.get(0).features().length;
        int p = d + 1;
        double[][] normal = new double[p][p];
        double[] rhs = new double[p];
        double[] z = new double[p];
        for (Sample s : rows) {
            double prob = s.baselineFemale();
            double logit = Math.log(prob / (1 - prob));
            for (int a = 0; a < d; a++) {
                z[a] = s.features()[a];
            }
            z[d] = 1;
            for (int a = 0; a < p; a++) {
                rhs[a] += z[a] * logit;
                for (int b = 0; b <= a; b++) {
                    normal[a][b] += z[a] * z[b];
                }
            }
        }
        for (int a = 0; a < p; a++) {
            // A tiny ridge: features that are always 0 after the ReLU leave the system singular.
            normal[a][a] += 1e-6 * rows.size();
            for (int b = a + 1; b < p; b++) {
                normal[a][b] = normal[b][a];
            }
        }
        double[] w = Cholesky.solve(normal, rhs);
        double[] weights = new double[d];
        System.arraycopy(w, 0, weights, 0, d);
        return new LinearModel(weights, w[d]);
    }
}
