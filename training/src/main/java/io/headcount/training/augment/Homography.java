package io.headcount.training.augment;

/**
 * A plane projective transform (3x3, last entry 1) fitted by least squares to point correspondences
 * (direct linear transform with Hartley normalisation, as {@code cv2.findHomography} without RANSAC
 * does for MaskTheFace's six anchor points).
 */
public final class Homography {

    private final double[] h;

    private Homography(double[] h) {
        this.h = h;
    }

    /**
     * The homography that maps {@code from[i]} onto {@code to[i]} best in the least-squares sense;
     * points as x0, y0, x1, y1, ... (at least four points, no three of them collinear).
     */
    public static Homography fit(double[] from, double[] to) {
        if (from.length != to.length || from.length < 8 || from.length % 2 != 0) {
            throw new IllegalArgumentException("need at least four point pairs");
        }
        double[] tFrom = normaliser(from);
        double[] tTo = normaliser(to);
        double[] a = apply(tFrom, from);
        double[] b = apply(tTo, to);
        int n = from.length / 2;
        double[][] normal = new double[8][9];
        for (int i = 0; i < n; i++) {
            double x = a[2 * i];
            double y = a[2 * i + 1];
            double u = b[2 * i];
            double v = b[2 * i + 1];
            accumulate(normal, new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y}, u);
            accumulate(normal, new double[] {0, 0, 0, x, y, 1, -v * x, -v * y}, v);
        }
        double[] solution = solve(normal);
        double[] hn = {
            solution[0],
            solution[1],
            solution[2],
            solution[3],
            solution[4],
            solution[5],
            solution[6],
            solution[7],
            1
        };
        double[] h = multiply(invert(tTo), multiply(hn, tFrom));
        return new Homography(scaled(h));
    }

    /** The image of (x, y). */
    public double[] map(double x, double y) {
        double w = h[6] * x + h[7] * y + h[8];
        return new double[] {(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w};
    }

    public Homography inverse() {
        return new Homography(scaled(invert(h)));
    }

    /** Similarity transform that moves the points' centroid to 0 and their mean distance to √2. */
    private static double[] normaliser(double[] points) {
        int n = points.length / 2;
        double cx = 0;
        double cy = 0;
        for (int i = 0; i < n; i++) {
            cx += points[2 * i] / n;
            cy += points[2 * i + 1] / n;
        }
        double distance = 0;
        for (int i = 0; i < n; i++) {
            distance += Math.hypot(points[2 * i] - cx, points[2 * i + 1] - cy) / n;
        }
        double s = distance == 0 ? 1 : Math.sqrt(2) / distance;
        return new double[] {s, 0, -s * cx, 0, s, -s * cy, 0, 0, 1};
    }

    private static double[] apply(double[] t, double[] points) {
        double[] out = new double[points.length];
        for (int i = 0; i < points.length; i += 2) {
            out[i] = t[0] * points[i] + t[1] * points[i + 1] + t[2];
            out[i + 1] = t[3] * points[i] + t[4] * points[i + 1] + t[5];
        }
        return out;
    }

    private static void accumulate(double[][] normal, double[] row, double rhs) {
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                normal[i][j] += row[i] * row[j];
            }
            normal[i][8] += row[i] * rhs;
        }
    }

    /** Gaussian elimination with partial pivoting of an augmented n x (n+1) system. */
    private static double[] solve(double[][] m) {
        int n = m.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
                    pivot = row;
                }
            }
            if (Math.abs(m[pivot][col]) < 1e-12) {
                throw new IllegalArgumentException("degenerate point configuration");
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            for (int row = col + 1; row < n; row++) {
                double f = m[row][col] / m[col][col];
                for (int k = col; k <= n; k++) {
                    m[row][k] -= f * m[col][k];
                }
            }
        }
        double[] x = new double[n];
        for (int row = n - 1; row >= 0; row--) {
            double sum = m[row][n];
            for (int k = row + 1; k < n; k++) {
                sum -= m[row][k] * x[k];
            }
            x[row] = sum / m[row][row];
        }
        return x;
    }

    private static double[] multiply(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    c[3 * i + j] += a[3 * i + k] * b[3 * k + j];
                }
            }
        }
        return c;
    }

    private static double[] invert(double[] m) {
        double a = m[0],
                b = m[1],
                c = m[2],
                d = m[3],
                e = m[4],
                f = m[5],
                g = m[6],
                h = m[7],
                i = m[8];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        if (Math.abs(det) < 1e-15) {
            throw new IllegalArgumentException("singular homography");
        }
        return new double[] {
            (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
            (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det
        };
    }

    private static double[] scaled(double[] m) {
        double s = m[8];
        double[] out = new double[9];
        for (int k = 0; k < 9; k++) {
            out[k] = m[k] / s;
        }
        return out;
    }
}
