package io.headcount.vision.track;

/**
 * All tracks of one camera: the value of the keyed state of {@link TrackFacesFunction}. A Flink
 * POJO (public fields, public no-argument constructor) with an array of {@link Track}s, so it is
 * serialized without Kryo.
 */
public final class TrackerState {

    /** Capture time of the latest frame, epoch milliseconds; the base of the next prediction. */
    public long lastFrameTime;

    /** The event-time timer that clears this state when the camera stays idle; 0 when none. */
    public long idleTimer;

    public Track[] tracks = new Track[0];

    public TrackerState() {}

    public boolean isEmpty() {
        return tracks.length == 0;
    }
}
