package io.headcount.vision.track;

import java.util.Arrays;

/**
 * The sequence numbers and capture times of a camera's last {@value #CAPACITY} frames, by sequence
 * number modulo the capacity: what {@link TrackFacesFunction} needs to recognise a frame a
 * restarted gateway sends a second time. A Flink POJO (public fields, public no-argument
 * constructor) with primitive arrays, so it is serialized without Kryo.
 *
 * <p>A repeat is recognised only when provable: the same sequence number with the same capture time
 * was taken before. Frames that merely arrive late or out of order, a gateway started afresh
 * (sequence from 0, later capture times) or a clock set back are taken. A gateway re-sends what it
 * sent since its last saved position (about a second, {@value #CAPACITY} frames are 17 s at 30
 * frames/s); a repeat older than that would be taken again, which no gateway does.
 */
public final class RecentFrames {

    static final int CAPACITY = 512;

    /** Sequence number held in each slot; -1 for an empty slot. */
    public long[] sequences;

    /** Capture time, epoch milliseconds, of the frame in each slot. */
    public long[] frameTimes;

    public RecentFrames() {}

    public static RecentFrames empty() {
        RecentFrames recent = new RecentFrames();
        recent.sequences = new long[CAPACITY];
        recent.frameTimes = new long[CAPACITY];
        Arrays.fill(recent.sequences, -1);
        return recent;
    }

    /** Whether {@code frame} was taken already (same sequence number and capture time). */
    public boolean contains(FrameDetections frame) {
        int slot = slot(frame.frameSequence());
        return sequences[slot] == frame.frameSequence() && frameTimes[slot] == frame.frameTime();
    }

    public void add(FrameDetections frame) {
        int slot = slot(frame.frameSequence());
        sequences[slot] = frame.frameSequence();
        frameTimes[slot] = frame.frameTime();
    }

    private static int slot(long sequence) {
        return (int) Math.floorMod(sequence, (long) CAPACITY);
    }
}
