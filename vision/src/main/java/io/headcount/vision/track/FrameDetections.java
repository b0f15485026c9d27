package io.headcount.vision.track;

import java.util.Arrays;
import java.util.Objects;

/**
 * The tracker's input: all faces found in one frame of one camera, in any order. A frame with no
 * face must still be sent (an empty array): it is how tracks learn they were missed.
 *
 * @param site site id
 * @param camera camera id (the key: one tracker per camera)
 * @param frameTime capture time in epoch milliseconds (event time)
 * @param frameSequence the camera's frame sequence number
 * @param frameWidth frame width in pixels; 0 if unknown
 * @param frameHeight frame height in pixels; 0 if unknown. With the size known, a box on the
 *     frame's edge (a face entering or leaving) is taken for what it is, a part of a face
 * @param detections the faces; an array, not a list, so Flink serializes it without Kryo
 */
public record FrameDetections(
        String site,
        String camera,
        long frameTime,
        long frameSequence,
        int frameWidth,
        int frameHeight,
        Detection[] detections) {

    public FrameDetections {
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(detections, "detections");
    }

    /** A frame of unknown size: boxes on its edge are taken as whole faces. */
    public FrameDetections(
            String site,
            String camera,
            long frameTime,
            long frameSequence,
            Detection[] detections) {
        this(site, camera, frameTime, frameSequence, 0, 0, detections);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FrameDetections that
                && frameTime == that.frameTime
                && frameSequence == that.frameSequence
                && frameWidth == that.frameWidth
                && frameHeight == that.frameHeight
                && Objects.equals(site, that.site)
                && camera.equals(that.camera)
                && Arrays.equals(detections, that.detections);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                site,
                camera,
                frameTime,
                frameSequence,
                frameWidth,
                frameHeight,
                Arrays.hashCode(detections));
    }

    @Override
    public String toString() {
        return "FrameDetections["
                + camera
                + " #"
                + frameSequence
                + " @"
                + frameTime
                + ", "
                + Arrays.toString(detections)
                + "]";
    }
}
