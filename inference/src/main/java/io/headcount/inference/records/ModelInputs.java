package io.headcount.inference.records;

import io.headcount.vision.attributes.FrameMasks;
import io.headcount.vision.detect.LetterboxTensor;
import java.io.Serializable;

/**
 * What the thread that decoded a frame made for the models, so the models' thread does less. Each
 * part is null when it was not made; the model's stage then makes it from the frame, with the same
 * result.
 *
 * @param detector the frame letterboxed for the detector
 * @param masks the mask detector's findings on the whole frame (a frame-level model, so it needs no
 *     face from the detector)
 */
public record ModelInputs(LetterboxTensor detector, FrameMasks masks) implements Serializable {

    /** Nothing prepared. */
    public static final ModelInputs NONE = new ModelInputs(null, null);
}
