package io.headcount.inference.functions;

import io.headcount.inference.attributes.AttributeSettings;
import io.headcount.inference.attributes.FrameResize;
import io.headcount.inference.attributes.MaskHead;
import io.headcount.inference.detect.DetectorSettings;
import io.headcount.inference.detect.Letterbox;
import io.headcount.inference.detect.YuNetDetector;
import io.headcount.inference.frame.BgrImage;
import io.headcount.inference.records.ModelInputs;
import java.io.Serializable;

/**
 * Which {@link ModelInputs} the decoding thread makes from each frame: the detector's letterbox and
 * the mask head's whole-frame resize, each only where given (null: that model prepares its own).
 * Pure and thread-safe.
 *
 * @param detector the detector's letterbox, or null
 * @param mask the mask head's input resize, or null
 */
public record ModelInputPreparation(Letterbox detector, FrameResize mask) implements Serializable {

    /** Prepares nothing. */
    public static final ModelInputPreparation NONE = new ModelInputPreparation(null, null);

    /** The inputs of this detector and, where {@code attributes} include it, the mask head. */
    public static ModelInputPreparation of(
            DetectorSettings detector, AttributeSettings attributes) {
        return new ModelInputPreparation(
                YuNetDetector.letterboxFor(detector), MaskHead.inputResize(attributes));
    }

    public ModelInputs prepare(BgrImage image) {
        if (detector == null && mask == null) {
            return ModelInputs.NONE;
        }
        return new ModelInputs(
                detector == null ? null : detector.apply(image),
                mask == null ? null : mask.resize(image));
    }
}
