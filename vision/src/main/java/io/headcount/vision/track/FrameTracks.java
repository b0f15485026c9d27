package io.headcount.vision.track;

import java.util.Arrays;
import java.util.Objects;

/**
 * The tracker's answer for one frame, aligned with the input's detections: element {@code i}
 * belongs to detection {@code i}.
 *
 * @param site site id
 * @param camera camera id
 * @param frameTime capture time in epoch milliseconds
 * @param frameSequence the camera's frame sequence number
 * @param trackIds the track of each detection: a random 16-hex-digit id, also for tentative tracks
 *     (so a track's first impressions carry the id it keeps once confirmed); null for a detection
 *     that neither continued nor started a track (a low-score detection that matched nothing)
 * @param confirmed whether that track was confirmed after this frame; downstream counting should
 *     still apply its own confirmation rule (N impressions over T ms)
 */
public record FrameTracks(
        String site,
        String camera,
        long frameTime,
        long frameSequence,
        String[] trackIds,
        boolean[] confirmed) {

    public FrameTracks {
        Objects.requireNonNull(trackIds, "trackIds");
        Objects.requireNonNull(confirmed, "confirmed");
        if (trackIds.length != confirmed.length) {
            throw new IllegalArgumentException("one confirmed flag per track id expected");
        }
    }

    public int size() {
        return trackIds.length;
    }

    /** Detections that neither continued nor started a track. */
    public int untracked() {
        int untracked = 0;
        for (String id : trackIds) {
            untracked += id == null ? 1 : 0;
        }
        return untracked;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FrameTracks that
                && frameTime == that.frameTime
                && frameSequence == that.frameSequence
                && Objects.equals(site, that.site)
                && Objects.equals(camera, that.camera)
                && Arrays.equals(trackIds, that.trackIds)
                && Arrays.equals(confirmed, that.confirmed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                site,
                camera,
                frameTime,
                frameSequence,
                Arrays.hashCode(trackIds),
                Arrays.hashCode(confirmed));
    }

    @Override
    public String toString() {
        return "FrameTracks["
                + camera
                + " #"
                + frameSequence
                + " @"
                + frameTime
                + ", "
                + Arrays.toString(trackIds)
                + ", confirmed="
                + Arrays.toString(confirmed)
                + "]";
    }
}
