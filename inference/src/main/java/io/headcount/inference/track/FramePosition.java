package io.headcount.inference.track;

/**
 * The newest frame a camera's tracker has taken: its capture time and sequence number. A Flink POJO
 * (public fields, public no-argument constructor), kept in keyed state by {@link
 * TrackFacesFunction} to recognise frames a restarted gateway sends a second time.
 */
public final class FramePosition {

    /** Capture time, epoch milliseconds. */
    public long frameTime;

    /** The camera's frame sequence number. */
    public long frameSequence;

    public FramePosition() {}

    FramePosition(long frameTime, long frameSequence) {
        this.frameTime = frameTime;
        this.frameSequence = frameSequence;
    }

    /**
     * Whether {@code frames} was taken already: neither later nor further in the sequence than this
     * one. A gateway restarted from an older checkpoint re-sends frames with their sequence numbers
     * and capture times; a gateway started afresh counts from 0 again but captures later, and a
     * clock set back still advances the sequence, so neither is taken for a repeat.
     */
    boolean covers(FrameDetections frame) {
        return frame.frameSequence() <= frameSequence && frame.frameTime() <= frameTime;
    }
}
