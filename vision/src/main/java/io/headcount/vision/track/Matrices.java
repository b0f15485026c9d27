package io.headcount.vision.track;

/** The little dense linear algebra the Kalman filter needs: square row-major matrices as arrays. */
final class Matrices {

    private Matrices() {}

    static double[] identity(int n) {
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            m[i * n + i] = 1;
        }
        return m;
    }

    /** {@code a (r x k) * b (k x c)}. */
    static double[] multiply(double[] a, double[] b, int r, int k, int c) {
        double[] out = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                double sum = 0;
                for (int t = 0; t < k; t++) {
                    sum += a[i * k + t] * b[t * c + j];
                }
                out[i * c + j] = sum;
            }
        }
        return out;
    }

    /** Transpose of an {@code r x c} matrix. */
    static double[] transpose(double[] a, int r, int c) {
        double[] out = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[j * r + i] = a[i * c + j];
            }
        }
        return out;
    }

    /**
     * Inverse of a symmetric positive definite {@code n x n} matrix, by Gauss-Jordan with pivoting.
     */
    static double[] invert(double[] a, int n) {
        double[] m = a.clone();
        double[] inv = identity(n);
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(m[row * n + col]) > Math.abs(m[pivot * n + col])) {
                    pivot = row;
                }
            }
            if (Math.abs(m[pivot * n + col]) < 1e-12) {
                throw new ArithmeticException("singular matrix");
            }
            swapRows(m, n, col, pivot);
            swapRows(inv, n, col, pivot);
            double scale = m[col * n + col];
            for (int j = 0; j < n; j++) {
                m[col * n + j] /= scale;
                inv[col * n + j] /= scale;
            }
            for (int row = 0; row < n; row++) {
                double factor = m[row * n + col];
                if (row != col && factor != 0) {
                    for (int j = 0; j < n; j++) {
                        m[row * n + j] -= factor * m[col * n + j];
                        inv[row * n + j] -= factor * inv[col * n + j];
                    }
                }
            }
        }
        return inv;
    }

    /**
     * Replaces {@code m} by {@code (m + m^T) / 2} so rounding cannot make a covariance asymmetric.
     */
    static void symmetrize(double[] m, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double average = (m[i * n + j] + m[j * n + i]) / 2;
                m[i * n + j] = average;
                m[j * n + i] = average;
            }
        }
    }

    private static void swapRows(double[] m, int n, int a, int b) {
        if (a == b) {
            return;
        }
        for (int j = 0; j < n; j++) {
            double t = m[a * n + j];
            m[a * n + j] = m[b * n + j];
            m[b * n + j] = t;
        }
    }
}
