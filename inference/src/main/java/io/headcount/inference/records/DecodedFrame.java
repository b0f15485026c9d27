package io.headcount.inference.records;

import io.headcount.inference.detect.LetterboxTensor;
import io.headcount.inference.frame.BgrImage;
import java.io.Serializable;

/**
 * A frame whose JPEG decoded and matched its declared size, or an end of stream (no image). Pixels
 * never leave the job.
 *
 * @param frame frame metadata
 * @param image the decoded pixels; null exactly when {@code frame.endOfStream()}
 * @param detectorInput the image already letterboxed for the detector, by the thread that decoded
 *     it (so the models' thread does not); null if not prepared
 */
public record DecodedFrame(FrameInfo frame, BgrImage image, LetterboxTensor detectorInput)
        implements Serializable {

    /** A frame not prepared for the detector. */
    public DecodedFrame(FrameInfo frame, BgrImage image) {
        this(frame, image, null);
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
