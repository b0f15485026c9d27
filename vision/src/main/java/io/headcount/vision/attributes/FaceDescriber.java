package io.headcount.vision.attributes;

import io.headcount.core.attributes.Attribute;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.quality.FaceQualityEstimator;
import io.headcount.vision.quality.FaceQualityMeasure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures each face's quality and runs the configured attribute heads on the faces good enough for
 * them, all faces of a frame in one batch per model. Holds native sessions: open once per task and
 * close when the task ends.
 */
public final class FaceDescriber implements AutoCloseable {

    private final AttributeSettings settings;
    private final FaceQualityEstimator quality = new FaceQualityEstimator();
    private final List<AttributeHead> heads;

    /** The heads the last {@link #describe} ran. */
    private List<AttributeHead> lastRun = List.of();

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

    /**
     * Role to the model time of the last {@link #describe} in nanoseconds, of the heads it ran
     * (none when it had no face to describe; not those whose attributes were all switched off).
     */
    public Map<String, Long> lastModelNanos() {
        Map<String, Long> nanos = new LinkedHashMap<>();
        lastRun.forEach(head -> nanos.put(head.role(), head.lastModelNanos()));
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
        FaceQualityMeasure[] measures = measure(frame, faces);
        boolean[] accepted = new boolean[faces.length];
        for (int i = 0; i < faces.length; i++) {
            accepted[i] = accepts(measures[i]);
        }
        return describe(frame, masks, faces, measures, accepted);
    }

    /**
     * The quality of each face, same order: cheap next to the heads, so measured for every face.
     */
    public FaceQualityMeasure[] measure(BgrImage frame, DetectedFace[] faces) {
        FaceQualityMeasure[] measures = new FaceQualityMeasure[faces.length];
        for (int i = 0; i < faces.length; i++) {
            measures[i] = quality.measure(frame, faces[i]);
        }
        return measures;
    }

    /** Whether a face of this quality is good enough for the heads (the quality thresholds). */
    public boolean accepts(FaceQualityMeasure measure) {
        return settings.quality().accepts(measure);
    }

    /**
     * One description per face, same order, with the quality {@code measures} (from {@link
     * #measure}) and attributes only for the faces {@code picked}: the heads run on those alone, in
     * one batch per model. A face not picked is described as {@linkplain FaceDescription#usable()
     * not usable}: its quality, no attribute, except p(masked) when the face passes the thresholds:
     * matching a face to the frame's mask findings costs nothing worth saving. The findings come
     * with {@code masks} where the decoding thread ran the mask detector ahead; otherwise the
     * detector runs here, once per frame, so every good face gets p(masked) whatever that thread's
     * history was (it skips frames of a camera that showed no face, and re-sent frames or a restart
     * change what it saw). The caller picks among the faces its {@link #accepts} let through (a
     * budget, say); a face below the thresholds must not be picked.
     */
    public FaceDescription[] describe(
            BgrImage frame,
            FrameMasks masks,
            DetectedFace[] faces,
            FaceQualityMeasure[] measures,
            boolean[] picked) {
        return describe(frame, masks, faces, measures, picked, Set.of());
    }

    /**
     * As above, without computing the attributes {@code switchedOff} (a site's switches): a head
     * whose attributes are all switched off does not run, and an attribute switched off is null in
     * every description, also where a head that runs for another attribute gives it (face-api gives
     * sex and age in one output).
     */
    public FaceDescription[] describe(
            BgrImage frame,
            FrameMasks masks,
            DetectedFace[] faces,
            FaceQualityMeasure[] measures,
            boolean[] picked,
            Set<Attribute> switchedOff) {
        return describeFrames(
                List.of(new FrameFaces(frame, masks, faces, measures, picked)), switchedOff)[0];
    }

    /**
     * As {@link #describe(BgrImage, FrameMasks, DetectedFace[], FaceQualityMeasure[], boolean[])}
     * for several frames at once: the picked faces of all of them go through each head together, a
     * micro-batch across frames (split at the maximum batch as ever). The descriptions are those of
     * describing each frame alone, up to the float rounding of a different batch size.
     *
     * @return per frame, one description per face, same order
     */
    public FaceDescription[][] describeFrames(List<FrameFaces> frames) {
        return describeFrames(frames, Set.of());
    }

    /** As {@link #describeFrames(List)}, without the attributes {@code switchedOff}. */
    public FaceDescription[][] describeFrames(List<FrameFaces> frames, Set<Attribute> switchedOff) {
        List<FrameFaces> withMasks = new ArrayList<>(frames.size());
        List<FaceBatch> parts = new ArrayList<>(frames.size());
        int pickedFaces = 0;
        for (FrameFaces frame : frames) {
            FrameMasks masks = frame.masks();
            if (masks == null && !switchedOff.contains(Attribute.MASK)) {
                masks = detectMasksIfNeeded(frame.frame(), frame.faces(), frame.measures());
            }
            withMasks.add(
                    new FrameFaces(
                            frame.frame(), masks, frame.faces(), frame.measures(), frame.picked()));
            List<FaceBox> usable = new ArrayList<>();
            for (int i = 0; i < frame.faces().length; i++) {
                if (frame.picked()[i]) {
                    usable.add(frame.faces()[i].box());
                }
            }
            parts.add(new FaceBatch(frame.frame(), masks, usable));
            pickedFaces += usable.size();
        }
        AttributeValues[] values = new AttributeValues[pickedFaces];
        for (int i = 0; i < values.length; i++) {
            values[i] = new AttributeValues();
        }
        List<AttributeHead> run = new ArrayList<>();
        if (pickedFaces > 0) {
            FaceBatch batch = FaceBatch.ofFrames(parts);
            for (AttributeHead head : heads) {
                if (!switchedOff.containsAll(head.attributes())) {
                    head.describe(batch, values, switchedOff);
                    run.add(head);
                }
            }
            for (AttributeValues v : values) {
                clear(v, switchedOff);
            }
        }
        lastRun = List.copyOf(run);
        FaceDescription[][] descriptions = new FaceDescription[frames.size()][];
        int first = 0;
        for (int f = 0; f < frames.size(); f++) {
            descriptions[f] = descriptions(withMasks.get(f), values, first, switchedOff);
            first += parts.get(f).size();
        }
        return descriptions;
    }

    /** One frame's descriptions, its picked faces' values from {@code values[first]} on. */
    private FaceDescription[] descriptions(
            FrameFaces frame, AttributeValues[] values, int first, Set<Attribute> switchedOff) {
        DetectedFace[] faces = frame.faces();
        FaceQualityMeasure[] measures = frame.measures();
        boolean[] picked = frame.picked();
        Float[] maskedOnly =
                switchedOff.contains(Attribute.MASK)
                        ? new Float[faces.length]
                        : maskedOnly(frame.frame(), frame.masks(), faces, measures, picked);
        FaceDescription[] descriptions = new FaceDescription[faces.length];
        int next = first;
        for (int i = 0; i < faces.length; i++) {
            FaceQualityMeasure m = measures[i];
            if (picked[i]) {
                AttributeValues v = values[next++];
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
            } else {
                descriptions[i] =
                        new FaceDescription(
                                m.faceSize(),
                                m.sharpness(),
                                m.yaw(),
                                false,
                                null,
                                null,
                                maskedOnly[i],
                                null);
            }
        }
        return descriptions;
    }

    /** Drops what a head gave of an attribute switched off. */
    private static void clear(AttributeValues values, Set<Attribute> switchedOff) {
        if (switchedOff.contains(Attribute.SEX)) {
            values.female = null;
        }
        if (switchedOff.contains(Attribute.AGE)) {
            values.ageGroups = null;
        }
        if (switchedOff.contains(Attribute.MASK)) {
            values.masked = null;
        }
        if (switchedOff.contains(Attribute.EXPRESSION)) {
            values.expressions = null;
        }
    }

    /**
     * The frame's mask findings when some face passes the thresholds and a mask head is in the set;
     * null otherwise (nothing would use them).
     */
    private FrameMasks detectMasksIfNeeded(
            BgrImage frame, DetectedFace[] faces, FaceQualityMeasure[] measures) {
        boolean anyGood = false;
        for (int i = 0; i < faces.length && !anyGood; i++) {
            anyGood = accepts(measures[i]);
        }
        if (!anyGood) {
            return null;
        }
        for (AttributeHead head : heads) {
            if (head instanceof MaskHead mask) {
                return mask.detect(frame);
            }
        }
        return null;
    }

    /**
     * p(masked) of the faces good enough but not picked, from the frame's findings; null elsewhere.
     */
    private Float[] maskedOnly(
            BgrImage frame,
            FrameMasks masks,
            DetectedFace[] faces,
            FaceQualityMeasure[] measures,
            boolean[] picked) {
        Float[] masked = new Float[faces.length];
        if (masks == null) {
            return masked;
        }
        List<FaceBox> boxes = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < faces.length; i++) {
            if (!picked[i] && accepts(measures[i])) {
                boxes.add(faces[i].box());
                index.add(i);
            }
        }
        if (boxes.isEmpty()) {
            return masked;
        }
        for (AttributeHead head : heads) {
            if (head instanceof MaskHead) {
                AttributeValues[] values = new AttributeValues[boxes.size()];
                for (int j = 0; j < values.length; j++) {
                    values[j] = new AttributeValues();
                }
                head.describe(new FaceBatch(frame, masks, boxes), values);
                for (int j = 0; j < values.length; j++) {
                    masked[index.get(j)] = values[j].masked;
                }
            }
        }
        return masked;
    }

    @Override
    public void close() {
        heads.forEach(AttributeHead::close);
    }
}
