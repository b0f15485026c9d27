package io.headcount.training.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HomographyTest {

    /** A perspective transform with rotation, scale, shear and a projective part. */
    private static double[] known(double x, double y) {
        double w = 0.0004 * x - 0.0002 * y + 1;
        return new double[] {(1.2 * x - 0.3 * y + 40) / w, (0.25 * x + 0.9 * y - 15) / w};
    }

    @Test
    void recoversAHomographyFromSixPointPairsAndMapsOtherPointsLikeIt() {
        double[] from = {21, 97, 307, 22, 600, 99, 25, 322, 295, 470, 600, 323};
        double[] to = new double[from.length];
        for (int i = 0; i < from.length; i += 2) {
            double[] p = known(from[i], from[i + 1]);
            to[i] = p[0];
            to[i + 1] = p[1];
        }

        Homography h = Homography.fit(from, to);

        for (double[] point : new double[][] {{0, 0}, {300, 250}, {570, 480}, {-50, 600}}) {
            double[] expected = known(point[0], point[1]);
            double[] actual = h.map(point[0], point[1]);
            assertThat(actual[0]).isCloseTo(expected[0], within(1e-6));
            assertThat(actual[1]).isCloseTo(expected[1], within(1e-6));
            double[] back = h.inverse().map(actual[0], actual[1]);
            assertThat(back[0]).isCloseTo(point[0], within(1e-6));
            assertThat(back[1]).isCloseTo(point[1], within(1e-6));
        }
    }
}
