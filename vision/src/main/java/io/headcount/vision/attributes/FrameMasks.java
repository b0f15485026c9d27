package io.headcount.vision.attributes;

import java.io.Serializable;
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
}
