package io.headcount.vision.attributes;

import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.quality.FaceQualityEstimator;
import io.headcount.vision.quality.FaceQualityMeasure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures each face's quality and runs the configured attribute heads on the faces good enough for
 * them, all faces of a frame in one batch per model. Holds native sessions: open once per task and
 * close when the task ends.
 */
public final class FaceDescriber implements AutoCloseable {

    private final AttributeSettings settings;
    private final FaceQualityEstimator quality = new FaceQualityEstimator();
    private final List<AttributeHead> heads;

    private FaceDescriber(AttributeSettings settings, List<AttributeHead> heads) {
        this.settings = settings;
        this.heads = heads;
    }

    /**
     * @throws io.headcount.vision.onnx.ModelLoadException if a head's model is missing, altered or
     *     not the one its manifest entry declares
     */
    public static FaceDescriber open(AttributeSettings settings) {
        List<AttributeHead> heads = new ArrayList<>();
        try {
            for (String name : settings.heads()) {
                heads.add(AttributeHeads.open(name, settings));
            }
        } catch (RuntimeException e) {
            heads.forEach(AttributeHead::close);
            throw e;
        }
        return new FaceDescriber(settings, heads);
    }

    /** Role to model version of every head. */
    public Map<String, String> modelVersions() {
        Map<String, String> versions = new LinkedHashMap<>();
        heads.forEach(head -> versions.put(head.role(), head.modelVersion()));
        return versions;
    }

    /** Role to the model time of the last {@link #describe} in nanoseconds. */
    public Map<String, Long> lastModelNanos() {
        Map<String, Long> nanos = new LinkedHashMap<>();
        heads.forEach(head -> nanos.put(head.role(), head.lastModelNanos()));
        return nanos;
    }

    /** One description per face, same order. */
    public FaceDescription[] describe(BgrImage frame, DetectedFace[] faces) {
        return describe(frame, null, faces);
    }

    /**
     * As {@link #describe(BgrImage, DetectedFace[])}, with {@code masks} = the mask detector's
     * findings on {@code frame} made ahead of time ({@link MaskHead#detect}), or null.
     */
    public FaceDescription[] describe(BgrImage frame, FrameMasks masks, DetectedFace[] faces) {
        FaceQualityMeasure[] measures = new FaceQualityMeasure[faces.length];
        List<FaceBox> usable = new ArrayList<>();
        List<Integer> usableIndex = new ArrayList<>();
        for (int i = 0; i < faces.length; i++) {
            measures[i] = quality.measure(frame, faces[i]);
            if (settings.quality().accepts(measures[i])) {
                usable.add(faces[i].box());
                usableIndex.add(i);
            }
        }
        AttributeValues[] values = new AttributeValues[usable.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = new AttributeValues();
        }
        FaceBatch batch = new FaceBatch(frame, masks, usable);
        for (AttributeHead head : heads) {
            if (batch.size() > 0) {
                head.describe(batch, values);
            }
        }
        FaceDescription[] descriptions = new FaceDescription[faces.length];
        for (int i = 0; i < faces.length; i++) {
            FaceQualityMeasure m = measures[i];
            descriptions[i] =
                    new FaceDescription(
                            m.faceSize(), m.sharpness(), m.yaw(), false, null, null, null, null);
        }
        for (int j = 0; j < values.length; j++) {
            int i = usableIndex.get(j);
            FaceQualityMeasure m = measures[i];
            AttributeValues v = values[j];
            descriptions[i] =
                    new FaceDescription(
                            m.faceSize(),
                            m.sharpness(),
                            m.yaw(),
                            true,
                            v.female,
                            v.ageGroups,
                            v.masked,
                            v.expressions);
        }
        return descriptions;
    }

    @Override
    public void close() {
        heads.forEach(AttributeHead::close);
    }
}
