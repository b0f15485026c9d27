package io.headcount.vision.attributes;

import io.headcount.vision.detect.FaceBox;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * What the mask detector found on a whole frame, run where the frame was decoded ({@link
 * MaskHead#detect}) so the models' thread only matches faces to it.
 *
 * @param detections the mask detector's faces, best first; an array, so Flink serializes it without
 *     Kryo
 * @param modelNanos the mask model's time on this frame, for the {@code mask} model-time metric
 */
public record FrameMasks(MaskDetection[] detections, long modelNanos) implements Serializable {

    public FrameMasks {
        detections = detections.clone();
    }

    public List<MaskDetection> asList() {
        return List.of(detections);
    }

    /**
     * The face detector's {@code score} for the face at {@code box}, raised where the mask detector
     * also found a face there. They are different models, so both being wrong at the same place is
     * taken as the product of their errors: 1 - (1 - score)(1 - the mask detection's score). A
     * masked face that the face detector scores low (half of it is covered) then still counts as
     * found when the mask detector, trained on masked faces, sees it too; a face only one of them
     * found keeps its score.
     */
    public float corroborated(FaceBox box, float score) {
        MaskDetection match =
                MaskDecoder.bestMatch(
                        Arrays.asList(detections), box, MaskDecoder.DEFAULT_MIN_MATCH_IOU);
        return match == null ? score : 1 - (1 - score) * (1 - match.score());
    }
}
