package io.headcount.vision.track;

import java.util.ArrayList;
import java.util.List;

/**
 * A constant-velocity Kalman filter on a face box. State: centre x, centre y, width, height
 * (pixels) and their velocities (pixels per second); a detection measures the first four. Time
 * steps are real elapsed event time, so irregular frame intervals and dropped frames predict
 * correctly.
 *
 * <p>Noise scales with the box height, as in SORT/ByteTrack, so the same settings fit near and far
 * faces: a detection's centre and size have a standard deviation of {@code measurementNoise * h};
 * the process noise is a random acceleration of {@code accelerationNoise * h} per second squared
 * (the discrete white-noise acceleration model); a new track's velocity is unknown with a standard
 * deviation of {@code initialVelocityNoise * h} per second. The measurement noise also grows as the
 * detection score falls ({@link #confidenceScale}).
 */
final class KalmanBoxFilter {

    static final int DIM = 8;
    private static final int MEASURED = 4;
    private static final double MIN_SIZE = 1.0;
    static final double REFERENCE_SCORE = 0.9;

    /** Standard deviation of a cut box's centre and size at the start, in box heights. */
    private static final double CUT_UNCERTAINTY = 0.5;

    private static final double SIZE_MOTION_SCALE = 0.25;
    private static final double MIN_CONFIDENCE_SCALE = 0.25;
    private static final double MAX_CONFIDENCE_SCALE = 10.0;

    private final double measurementNoise;
    private final double accelerationNoise;
    private final double initialVelocityNoise;

    KalmanBoxFilter(
            double measurementNoise, double accelerationNoise, double initialVelocityNoise) {
        this.measurementNoise = measurementNoise;
        this.accelerationNoise = accelerationNoise;
        this.initialVelocityNoise = initialVelocityNoise;
    }

    KalmanBoxFilter(TrackerSettings settings) {
        this(
                settings.measurementNoise(),
                settings.accelerationNoise(),
                settings.initialVelocityNoise());
    }

    /** Starts {@code track} at {@code detection} with zero, uncertain velocity. */
    void initiate(Track track, Detection detection) {
        initiate(track, detection, Edges.NONE);
    }

    /**
     * Starts {@code track} at {@code detection} with zero, uncertain velocity; on an axis cut by
     * the frame edge the centre and size are uncertain too (the face is larger than what is seen).
     */
    void initiate(Track track, Detection detection, Edges cut) {
        double h = Math.max(MIN_SIZE, detection.height());
        track.mean =
                new double[] {
                    detection.centerX(), detection.centerY(), detection.width(), h, 0, 0, 0, 0
                };
        double[] covariance = new double[DIM * DIM];
        double position = 2 * measurementNoise * h;
        double velocity = initialVelocityNoise * h;
        for (int i = 0; i < MEASURED; i++) {
            covariance[i * DIM + i] = position * position;
            covariance[(i + MEASURED) * DIM + i + MEASURED] = square(velocity * motionScale(i));
        }
        if (cut.horizontal()) {
            covariance[0] = covariance[2 * DIM + 2] = square(CUT_UNCERTAINTY * h);
        }
        if (cut.vertical()) {
            covariance[DIM + 1] = covariance[3 * DIM + 3] = square(CUT_UNCERTAINTY * h);
        }
        track.covariance = covariance;
    }

    /** Moves {@code track} forward by {@code dtSeconds} (0 leaves it in place). */
    void predict(Track track, double dtSeconds) {
        if (dtSeconds <= 0) {
            return;
        }
        double[] mean = track.mean;
        for (int i = 0; i < MEASURED; i++) {
            mean[i] += dtSeconds * mean[i + MEASURED];
        }
        mean[2] = Math.max(MIN_SIZE, mean[2]);
        mean[3] = Math.max(MIN_SIZE, mean[3]);

        double[] transition = Matrices.identity(DIM);
        for (int i = 0; i < MEASURED; i++) {
            transition[i * DIM + i + MEASURED] = dtSeconds;
        }
        double[] covariance =
                Matrices.multiply(
                        Matrices.multiply(transition, track.covariance, DIM, DIM, DIM),
                        Matrices.transpose(transition, DIM, DIM),
                        DIM,
                        DIM,
                        DIM);
        double dt2 = dtSeconds * dtSeconds;
        for (int i = 0; i < MEASURED; i++) {
            double variance = square(accelerationNoise * mean[3] * motionScale(i));
            int v = i + MEASURED;
            covariance[i * DIM + i] += variance * dt2 * dt2 / 4;
            covariance[i * DIM + v] += variance * dt2 * dtSeconds / 2;
            covariance[v * DIM + i] += variance * dt2 * dtSeconds / 2;
            covariance[v * DIM + v] += variance * dt2;
        }
        track.covariance = covariance;
    }

    /** Corrects {@code track} with the detection matched to it, a box known to be whole. */
    void update(Track track, Detection detection) {
        update(track, detection, Edges.NONE);
    }

    /**
     * Corrects {@code track} with the detection matched to it. On an axis where the box is cut by
     * the frame edge, only its inner edge is a measurement (a face entering the frame grows from
     * the edge; its centre and width would otherwise drag the velocity down); an axis cut on both
     * sides measures nothing.
     */
    void update(Track track, Detection detection, Edges cut) {
        double[] x = track.mean;
        double[] p = track.covariance;
        double variance = square(measurementNoise * x[3]) * confidenceScale(detection.score());

        List<double[]> rows = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        measureAxis(rows, values, 0, 2, detection.x(), detection.width(), cut.left(), cut.right());
        measureAxis(rows, values, 1, 3, detection.y(), detection.height(), cut.top(), cut.bottom());
        int m = rows.size();
        if (m == 0) {
            return;
        }
        double[] h = new double[m * DIM];
        double[] innovation = new double[m];
        for (int r = 0; r < m; r++) {
            System.arraycopy(rows.get(r), 0, h, r * DIM, DIM);
            double predicted = 0;
            for (int j = 0; j < DIM; j++) {
                predicted += rows.get(r)[j] * x[j];
            }
            innovation[r] = values.get(r) - predicted;
        }
        double[] hp = Matrices.multiply(h, p, m, DIM, DIM);
        double[] pht = Matrices.transpose(hp, m, DIM); // P symmetric: (H P)^T = P H^T
        double[] innovationCovariance =
                Matrices.multiply(hp, Matrices.transpose(h, m, DIM), m, DIM, m);
        for (int r = 0; r < m; r++) {
            innovationCovariance[r * m + r] += variance;
        }
        double[] gain = Matrices.multiply(pht, Matrices.invert(innovationCovariance, m), DIM, m, m);
        for (int i = 0; i < DIM; i++) {
            double correction = 0;
            for (int r = 0; r < m; r++) {
                correction += gain[i * m + r] * innovation[r];
            }
            x[i] += correction;
        }
        x[2] = Math.max(MIN_SIZE, x[2]);
        x[3] = Math.max(MIN_SIZE, x[3]);

        double[] reduction = Matrices.multiply(gain, hp, DIM, m, DIM);
        double[] covariance = new double[DIM * DIM];
        for (int i = 0; i < covariance.length; i++) {
            covariance[i] = p[i] - reduction[i];
        }
        Matrices.symmetrize(covariance, DIM);
        track.covariance = covariance;
    }

    /**
     * Measurement rows for one axis: centre and size when whole, else the edge inside the frame.
     */
    private static void measureAxis(
            List<double[]> rows,
            List<Double> values,
            int centre,
            int size,
            float start,
            float length,
            boolean cutStart,
            boolean cutEnd) {
        if (!cutStart && !cutEnd) {
            rows.add(unit(centre, 1, size, 0));
            values.add((double) start + length / 2);
            rows.add(unit(centre, 0, size, 1));
            values.add((double) length);
        } else if (cutStart && !cutEnd) {
            rows.add(unit(centre, 1, size, 0.5)); // far edge = centre + size / 2
            values.add((double) start + length);
        } else if (!cutStart) {
            rows.add(unit(centre, 1, size, -0.5)); // near edge = centre - size / 2
            values.add((double) start);
        }
    }

    private static double[] unit(int centre, double centreWeight, int size, double sizeWeight) {
        double[] row = new double[DIM];
        row[centre] = centreWeight;
        row[size] = sizeWeight;
        return row;
    }

    /**
     * Faces move sideways far faster than they grow or shrink (walking towards the camera): the
     * size gets a quarter of the position's motion noise. Without it, a face entering the frame,
     * whose inner box edge is all that is measured, could as well be explained by a growing box as
     * by a moving one.
     */
    private static double motionScale(int coordinate) {
        return coordinate < 2 ? 1.0 : SIZE_MOTION_SCALE;
    }

    private static double square(double value) {
        return value * value;
    }

    /**
     * NSA Kalman (GIAOTracker, StrongSORT): a detection's noise grows with {@code 1 - score}, so a
     * half-hidden or blurred face, whose box is often cut short, moves the track less than a clear
     * one. {@code measurementNoise} is the noise at score {@value #REFERENCE_SCORE}.
     */
    static double confidenceScale(float score) {
        double scale = (1.0 - score) / (1.0 - REFERENCE_SCORE);
        return Math.max(MIN_CONFIDENCE_SCALE, Math.min(MAX_CONFIDENCE_SCALE, scale));
    }

    /** The track's current box as x, y, width, height. */
    static float[] box(Track track) {
        double[] mean = track.mean;
        return new float[] {
            (float) (mean[0] - mean[2] / 2),
            (float) (mean[1] - mean[3] / 2),
            (float) mean[2],
            (float) mean[3]
        };
    }
}
