package io.headcount.inference.functions;

import io.headcount.inference.functions.CaptureTimeRule.Violation;
import java.io.Serializable;
import java.util.Map;
import java.util.Optional;

/**
 * How many frames of one camera the job takes per second of capture time. A camera that floods (a
 * broken or forged gateway sending hundreds of frames a second) would otherwise take the models'
 * time from every other camera on its task; its frames beyond the limit are dead-lettered with
 * {@value #FLOODING} instead, before their JPEG is decoded. Counting by capture time, not by
 * arrival, keeps a replay or a catch-up after an outage (a backlog sent as fast as the broker
 * allows) within the limit: it is the camera's own clock that must not run too many frames.
 *
 * <p>The counts live in the task's memory, not in checkpoints: after a restore, the second in
 * progress starts again from zero, so a flood at that moment may pass up to the limit once more.
 * The number of cameras remembered is bounded ({@link RecentCameras#MAX_CAMERAS}, least recent
 * forgotten).
 */
public final class CameraRateLimit implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Dead-letter reason: the camera sent more frames in one second of capture time. */
    public static final String FLOODING = "CAMERA_FLOODING";

    /** Twice the fastest camera a site is expected to run (30 frames/s). */
    public static final int DEFAULT_MAX_FRAMES_PER_SECOND = 60;

    private final int maxFramesPerSecond;

    private transient Map<String, SecondCount> cameras;

    public CameraRateLimit(int maxFramesPerSecond) {
        if (maxFramesPerSecond < 1) {
            throw new IllegalArgumentException(
                    "at least one frame per second must be allowed: " + maxFramesPerSecond);
        }
        this.maxFramesPerSecond = maxFramesPerSecond;
    }

    public static CameraRateLimit defaults() {
        return new CameraRateLimit(DEFAULT_MAX_FRAMES_PER_SECOND);
    }

    public int maxFramesPerSecond() {
        return maxFramesPerSecond;
    }

    /**
     * Counts a frame of {@code camera} captured at {@code captureMillis}; the reason and detail if
     * it is one too many for its second, empty if it is taken.
     */
    public Optional<Violation> take(String camera, long captureMillis) {
        long second = Math.floorDiv(captureMillis, 1000);
        SecondCount count = cameras().computeIfAbsent(camera, c -> new SecondCount());
        if (count.second != second) {
            count.second = second;
            count.frames = 0;
        }
        count.frames++;
        if (count.frames <= maxFramesPerSecond) {
            return Optional.empty();
        }
        return Optional.of(
                new Violation(
                        FLOODING,
                        "camera "
                                + camera
                                + " sent more than "
                                + maxFramesPerSecond
                                + " frames captured within the second starting "
                                + java.time.Instant.ofEpochSecond(second)
                                + " (frame "
                                + count.frames
                                + "); the limit is frame.max-per-second"));
    }

    private Map<String, SecondCount> cameras() {
        if (cameras == null) {
            cameras = RecentCameras.map();
        }
        return cameras;
    }

    /** The second of capture time a camera is in, and its frames so far in it. */
    private static final class SecondCount {
        long second = Long.MIN_VALUE;
        int frames;
    }
}
