package io.headcount.vision.track;

/**
 * One track in a camera's keyed state. A Flink POJO (public fields, public no-argument constructor,
 * only primitive arrays, strings and an enum) so Flink's own serializers handle it without Kryo;
 * only {@link ByteTracker} changes it.
 *
 * <p>It holds motion only: a Kalman state over box centre, size and their velocities, plus the last
 * observed box. No appearance feature or pixel is kept.
 */
public final class Track {

    /** Random id, see {@link RandomTrackIds}. */
    public String id;

    public TrackStatus status;

    /** Kalman mean: cx, cy, w, h in pixels, then their velocities in pixels per second. */
    public double[] mean;

    /** Kalman covariance, 8 x 8, row-major. */
    public double[] covariance;

    /** Frames in which the track was matched. */
    public int hits;

    /** Consecutive frames in which it was not matched. */
    public int misses;

    /** Capture time of the first and of the latest matched frame, epoch milliseconds. */
    public long firstSeen;

    public long lastSeen;

    /** The latest matched detection's box (x, y, w, h): for recovery and velocity re-estimation. */
    public float[] lastBox;

    public Track() {}

    public boolean isConfirmed() {
        return status != TrackStatus.TENTATIVE;
    }
}
