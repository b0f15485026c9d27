package io.headcount.inference.records;

import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.frame.BgrImage;
import java.io.Serializable;
import java.util.List;

/**
 * A frame whose JPEG decoded and matched its declared size, or an end of stream (no image). Pixels
 * never leave the job.
 *
 * @param frame frame metadata
 * @param image the decoded pixels; null exactly when {@code frame.endOfStream()}
 * @param prepared the inputs of the models made from {@code image} by the thread that decoded it;
 *     {@link ModelInputs#NONE} (never null) when nothing was prepared
 */
public record DecodedFrame(FrameInfo frame, BgrImage image, ModelInputs prepared)
        implements Serializable {

    public DecodedFrame {
        if (prepared == null) {
            prepared = ModelInputs.NONE;
        }
    }

    /** A frame with no model input prepared. */
    public DecodedFrame(FrameInfo frame, BgrImage image) {
        this(frame, image, ModelInputs.NONE);
    }

    /**
     * This frame with the faces the detector found in it, its mask findings passed on (an end of
     * stream: no faces, no image), for {@code track-faces} and {@code describe-faces}.
     */
    public DetectedFrame detected(List<DetectedFace> faces) {
        return new DetectedFrame(
                frame, image, prepared.masks(), faces.toArray(DetectedFace[]::new), null, null);
    }

    /**
     * The end of a camera's finite source: it carries only the time the camera's clock moved to.
     */
    public static DecodedFrame endOfStream(FrameInfo frame) {
        if (!frame.endOfStream()) {
            throw new IllegalArgumentException("not an end of stream: " + frame);
        }
        return new DecodedFrame(frame, null);
    }
}
