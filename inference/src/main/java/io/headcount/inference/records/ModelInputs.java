package io.headcount.inference.records;

import io.headcount.inference.attributes.ResizedFrame;
import io.headcount.inference.detect.LetterboxTensor;
import java.io.Serializable;

/**
 * A frame's pixels already turned into model inputs by the thread that decoded it, so the models'
 * thread only runs the models. Each part is null when it was not prepared; the model then prepares
 * its own input from the frame, with the same result.
 *
 * @param detector the frame letterboxed for the detector
 * @param mask the whole frame resized for the mask head
 */
public record ModelInputs(LetterboxTensor detector, ResizedFrame mask) implements Serializable {

    /** Nothing prepared. */
    public static final ModelInputs NONE = new ModelInputs(null, null);
}
