package io.headcount.ingest;

import java.util.Objects;

/**
 * Who a camera is and how its frames are timed.
 *
 * @param site site (store, venue) the camera belongs to
 * @param camera camera id, unique across sites; the record key of its frames
 * @param gateway id of the gateway that publishes the frames
 * @param timing capture times and pacing
 * @param maxFrames stop after publishing this many frames (for looping sources); {@link
 *     Long#MAX_VALUE} for no limit
 */
public record CameraSettings(
        String site, String camera, String gateway, FrameTiming timing, long maxFrames) {

    public CameraSettings {
        requireId(site, "site");
        requireId(camera, "camera");
        requireId(gateway, "gateway");
        Objects.requireNonNull(timing, "timing");
        if (maxFrames < 0) {
            throw new IllegalArgumentException("maxFrames must not be negative, got " + maxFrames);
        }
    }

    /** A camera that publishes its source to the end. */
    public static CameraSettings of(
            String site, String camera, String gateway, FrameTiming timing) {
        return new CameraSettings(site, camera, gateway, timing, Long.MAX_VALUE);
    }

    public CameraSettings withMaxFrames(long newMaxFrames) {
        return new CameraSettings(site, camera, gateway, timing, newMaxFrames);
    }

    private static void requireId(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
