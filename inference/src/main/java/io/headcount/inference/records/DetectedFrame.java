package io.headcount.inference.records;

import io.headcount.vision.attributes.FaceDescription;
import io.headcount.vision.attributes.FrameMasks;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.frame.BgrImage;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A frame with the faces found in it. It keeps the pixels and landmarks because the stages after
 * detection (tracking, then alignment and attributes) need them; {@code describe-faces} drops the
 * pixels and the observation stage the landmarks. It goes from operator to operator inside one
 * chain (the job keys raw records by camera before decoding), so it is never serialized in a
 * running job; its type is still a POJO for Flink (records, arrays of records, nullable fields: no
 * Kryo).
 *
 * @param frame frame metadata
 * @param image the decoded frame; null for an end of stream
 * @param masks the mask detector's findings on {@code image}, made on the decoding thread, or null
 *     (the mask head then runs it); made from {@code image}, so it is dropped with it and left out
 *     of {@link #equals}
 * @param faces faces best score first; an array, not a list, so Flink serializes it without Kryo
 * @param descriptions quality and attributes per face, same order; null until {@code
 *     describe-faces} ran (which also drops the image: nothing after it needs pixels)
 * @param trackIds the track of each face, same order; null until {@code track-faces} ran (before
 *     {@code describe-faces}), and an element is null for a face the tracker left without a track
 */
public record DetectedFrame(
        FrameInfo frame,
        BgrImage image,
        FrameMasks masks,
        DetectedFace[] faces,
        FaceDescription[] descriptions,
        String[] trackIds)
        implements Serializable {

    public DetectedFrame {
        Objects.requireNonNull(faces, "faces");
        if (descriptions != null && descriptions.length != faces.length) {
            throw new IllegalArgumentException(
                    descriptions.length + " descriptions for " + faces.length + " faces");
        }
        if (trackIds != null && trackIds.length != faces.length) {
            throw new IllegalArgumentException(
                    trackIds.length + " track ids for " + faces.length + " faces");
        }
    }

    /** A frame straight from the detector, not yet described. */
    public DetectedFrame(FrameInfo frame, BgrImage image, DetectedFace[] faces) {
        this(frame, image, null, faces, null, null);
    }

    /** A frame not yet tracked. */
    public DetectedFrame(
            FrameInfo frame, BgrImage image, DetectedFace[] faces, FaceDescription[] descriptions) {
        this(frame, image, null, faces, descriptions, null);
    }

    /** A frame without the mask detector's findings. */
    public DetectedFrame(
            FrameInfo frame,
            BgrImage image,
            DetectedFace[] faces,
            FaceDescription[] descriptions,
            String[] trackIds) {
        this(frame, image, null, faces, descriptions, trackIds);
    }

    /** This frame's faces described, without its pixels (nor what was made from them). */
    public DetectedFrame described(FaceDescription[] faceDescriptions) {
        return new DetectedFrame(frame, null, null, faces, faceDescriptions, trackIds);
    }

    /** This frame with a track id per face (null elements for faces without a track). */
    public DetectedFrame tracked(String[] faceTrackIds) {
        return new DetectedFrame(frame, image, masks, faces, descriptions, faceTrackIds);
    }

    /**
     * This frame without the faces that have no track (all of them kept where there are no track
     * ids yet); descriptions, if any, stay with their faces.
     */
    public DetectedFrame withoutUntrackedFaces() {
        if (trackIds == null) {
            return this;
        }
        int[] tracked = IntStream.range(0, faces.length).filter(i -> trackIds[i] != null).toArray();
        if (tracked.length == faces.length) {
            return this;
        }
        return new DetectedFrame(
                frame,
                image,
                masks,
                Arrays.stream(tracked).mapToObj(i -> faces[i]).toArray(DetectedFace[]::new),
                descriptions == null
                        ? null
                        : Arrays.stream(tracked)
                                .mapToObj(i -> descriptions[i])
                                .toArray(FaceDescription[]::new),
                Arrays.stream(tracked).mapToObj(i -> trackIds[i]).toArray(String[]::new));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DetectedFrame detected
                && frame.equals(detected.frame)
                && Objects.equals(image, detected.image)
                && Arrays.equals(faces, detected.faces)
                && Arrays.equals(descriptions, detected.descriptions)
                && Arrays.equals(trackIds, detected.trackIds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                frame,
                image,
                Arrays.hashCode(faces),
                Arrays.hashCode(descriptions),
                Arrays.hashCode(trackIds));
    }

    @Override
    public String toString() {
        String size = image == null ? "no image" : image.width() + "x" + image.height();
        return "DetectedFrame["
                + frame
                + ", "
                + size
                + ", faces="
                + faces.length
                + (trackIds == null ? "" : ", tracks=" + Arrays.toString(trackIds))
                + "]";
    }
}
