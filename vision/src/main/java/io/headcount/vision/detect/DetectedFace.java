package io.headcount.vision.detect;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One face found in a frame, in frame pixels.
 *
 * @param box the face box, cut to the frame
 * @param score detection confidence in 0..1
 * @param landmarks 5 points as x0, y0, ..., x4, y4: eye on the image left, eye on the image right,
 *     nose tip, mouth corner on the image left, mouth corner on the image right. They stay inside
 *     the inference job (alignment needs them); they are never emitted.
 */
public record DetectedFace(FaceBox box, float score, float[] landmarks) implements Serializable {

    public static final int LANDMARKS = 5;

    public DetectedFace {
        Objects.requireNonNull(box, "box");
        if (landmarks == null || landmarks.length != 2 * LANDMARKS) {
            throw new IllegalArgumentException(
                    "expected " + 2 * LANDMARKS + " landmark coordinates");
        }
    }

    public float landmarkX(int index) {
        return landmarks[2 * index];
    }

    public float landmarkY(int index) {
        return landmarks[2 * index + 1];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DetectedFace face
                && box.equals(face.box)
                && score == face.score
                && Arrays.equals(landmarks, face.landmarks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(box, score, Arrays.hashCode(landmarks));
    }

    @Override
    public String toString() {
        return "DetectedFace[box="
                + box
                + ", score="
                + score
                + ", landmarks="
                + Arrays.toString(landmarks)
                + "]";
    }
}
