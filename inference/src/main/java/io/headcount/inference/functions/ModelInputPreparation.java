package io.headcount.inference.functions;

import io.headcount.core.attributes.Attribute;
import io.headcount.core.attributes.SiteAttributeSwitches;
import io.headcount.inference.records.ModelInputs;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.FrameMasks;
import io.headcount.vision.attributes.MaskHead;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.Letterbox;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.frame.BgrImage;
import java.io.Serializable;

/**
 * What the decoding thread makes from each frame for the models ({@link ModelInputs}): the
 * detector's letterbox, and the mask detector's findings where the attribute settings include the
 * mask head. The mask detector is a frame-level model that needs no face from the detector, so it
 * runs beside the detector on the decoding thread (the other core) instead of after it on the
 * models' thread; on a camera whose scene is empty, only on some frames ({@link MaskAhead}). Each
 * part only where given (null: that model's stage makes its own). Serializable settings; {@link
 * #open} makes the per-thread {@link Preparer} with its native session.
 *
 * @param detector the detector's letterbox, or null
 * @param maskSettings the settings to open the mask head with, or null
 * @param switches the sites' attribute switches: no mask detection for a site that switched mask
 *     off
 */
public record ModelInputPreparation(
        Letterbox detector, AttributeSettings maskSettings, SiteAttributeSwitches switches)
        implements Serializable {

    /** Prepares nothing. */
    public static final ModelInputPreparation NONE =
            new ModelInputPreparation(null, null, SiteAttributeSwitches.none());

    /** The inputs of this detector and, where {@code attributes} include it, the mask head. */
    public static ModelInputPreparation of(
            DetectorSettings detector, AttributeSettings attributes) {
        return of(detector, attributes, SiteAttributeSwitches.none());
    }

    /** As above, the mask head only for sites that did not switch mask off. */
    public static ModelInputPreparation of(
            DetectorSettings detector,
            AttributeSettings attributes,
            SiteAttributeSwitches switches) {
        return new ModelInputPreparation(
                YuNetDetector.letterboxFor(detector),
                attributes.heads().contains(MaskHead.ROLE) ? attributes : null,
                switches);
    }

    /**
     * Opens the mask head if asked for: one per thread, closed when the thread is done.
     *
     * @throws io.headcount.vision.onnx.ModelLoadException if the mask model is missing or altered
     */
    public Preparer open() {
        return new Preparer(
                detector,
                switches,
                maskSettings == null
                        ? null
                        : MaskHead.open(
                                maskSettings.manifest().model(MaskHead.ROLE), maskSettings));
    }

    /** Makes one frame's {@link ModelInputs}. Not thread-safe. */
    public static final class Preparer implements AutoCloseable {

        private final Letterbox letterbox;
        private final SiteAttributeSwitches switches;
        private final MaskHead maskHead;
        private final MaskAhead maskAhead = new MaskAhead();

        private Preparer(Letterbox letterbox, SiteAttributeSwitches switches, MaskHead maskHead) {
            this.letterbox = letterbox;
            this.switches = switches;
            this.maskHead = maskHead;
        }

        /** The inputs of the frame {@code image} of {@code camera} at {@code site}. */
        public ModelInputs prepare(String site, String camera, BgrImage image) {
            if (letterbox == null && maskHead == null) {
                return ModelInputs.NONE;
            }
            FrameMasks masks = null;
            if (maskHead != null
                    && switches.enabled(site, Attribute.MASK)
                    && maskAhead.runsOn(camera)) {
                masks = maskHead.detect(image);
                maskAhead.ran(camera, masks.detections().length > 0);
            }
            return new ModelInputs(letterbox == null ? null : letterbox.apply(image), masks);
        }

        @Override
        public void close() {
            if (maskHead != null) {
                maskHead.close();
            }
        }
    }
}
