package io.headcount.vision.attributes;

import io.headcount.core.attributes.Attribute;
import io.headcount.vision.models.ModelEntry;
import io.headcount.vision.onnx.OnnxModel;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * face-api.js age/sex: {@code gender [N,2]} softmax over male, female gives {@code female}; the age
 * regression {@code age [N,1]} in years becomes an age-group distribution ({@link AgeGroups}).
 *
 * <p>When the model set declares trained heads on the model's {@code features} ({@link
 * FeatureHead#SEX_ROLE}, {@link FeatureHead#MASK_ROLE}), they run on the same batch: the sex head's
 * probability replaces face-api's {@code gender}, and the mask head fills {@code masked}. Without
 * them the output is face-api's own. A sex head trained on the mean features of several views
 * ({@link FeatureHead#viewCrops}) gets that mean: the model runs over the views too.
 */
public final class SexAgeHead implements AttributeHead {

    public static final String ROLE = "sex-age";

    private final BatchedModel model;
    private final FaceCrop crop;
    private final float cropScale;
    private final AgeGroups ageGroups;

    private final FeatureHead sexHead;
    private final FeatureHead maskHead;

    /** Model time of the last frame's view run (0 without views), part of the head's time. */
    private long lastViewNanos;

    private SexAgeHead(
            BatchedModel model,
            FaceCrop crop,
            float cropScale,
            AgeGroups ageGroups,
            FeatureHead sexHead,
            FeatureHead maskHead) {
        this.model = model;
        this.crop = crop;
        this.cropScale = cropScale;
        this.ageGroups = ageGroups;
        this.sexHead = sexHead;
        this.maskHead = maskHead;
    }

    public static SexAgeHead open(ModelEntry entry, AttributeSettings settings) {
        entry.requireInput("NCHW", "RGB", "0..255");
        entry.requireOutput("age", "regression-years", null);
        entry.requireOutput("gender", "softmax", List.of("male", "female"));
        int size = entry.input().dimension(2);
        entry.require("input height and width", size, entry.input().dimension(3));
        FeatureHead sexHead = null;
        FeatureHead maskHead = null;
        OnnxModel model = null;
        try {
            List<String> normalisations =
                    List.of(
                            FeatureHead.normalisationFor(settings.cropScale(), false),
                            FeatureHead.normalisationFor(settings.cropScale(), true));
            sexHead =
                    FeatureHead.declared(
                            FeatureHead.SEX_ROLE,
                            entry,
                            settings,
                            FeatureHead.SEX_LABELS,
                            normalisations);
            maskHead =
                    FeatureHead.declared(
                            FeatureHead.MASK_ROLE,
                            entry,
                            settings,
                            FeatureHead.MASK_LABELS,
                            normalisations.subList(0, 1));
            model = settings.load(entry);
        } catch (RuntimeException e) {
            if (sexHead != null) {
                sexHead.close();
            }
            if (maskHead != null) {
                maskHead.close();
            }
            throw e;
        }
        return new SexAgeHead(
                new BatchedModel(model, entry.input().name(), settings.maxBatch()),
                new FaceCrop(size, settings.cropScale()),
                settings.cropScale(),
                new AgeGroups(settings.ageSigma()),
                sexHead,
                maskHead);
    }

    @Override
    public String role() {
        return ROLE;
    }

    /** Sex and age, and mask where the model set declares a mask head on its features. */
    @Override
    public Set<Attribute> attributes() {
        return maskHead == null
                ? AttributeHeads.attributesOf(ROLE)
                : Set.of(Attribute.SEX, Attribute.AGE, Attribute.MASK);
    }

    @Override
    public String modelVersion() {
        String version = model.version();
        if (sexHead != null) {
            version += "+" + sexHead.version();
        }
        if (maskHead != null) {
            version += "+" + maskHead.version();
        }
        return version;
    }

    @Override
    public void describe(FaceBatch batch, AttributeValues[] into) {
        float[] viewFemale = sexHead != null && sexHead.views() ? viewFemale(batch) : null;
        lastViewNanos = viewFemale != null ? model.lastNanos() : 0;
        model.run(
                batch.crops(crop),
                batch.size(),
                crop.size(),
                (first, count, outputs) -> {
                    float[] age = outputs.get("age");
                    float[] gender = outputs.get("gender");
                    float[] female = gender;
                    float[] masked = null;
                    if (viewFemale != null) {
                        female = Arrays.copyOfRange(viewFemale, first, first + count);
                    } else if (sexHead != null) {
                        female = sexHead.secondLabel(outputs.get(sexHead.input()), count);
                    }
                    if (maskHead != null) {
                        masked = maskHead.secondLabel(outputs.get(maskHead.input()), count);
                    }
                    for (int i = 0; i < count; i++) {
                        into[first + i].female = sexHead != null ? female[i] : gender[2 * i + 1];
                        into[first + i].ageGroups = ageGroups.distribution(age[i]);
                        if (masked != null) {
                            into[first + i].masked = masked[i];
                        }
                    }
                });
    }

    /**
     * The sex head's p(female) from the mean features of each face's views (a head trained on view
     * means); the model runs once more over all the views, which costs {@link FeatureHead#VIEWS}
     * times the model time.
     */
    private float[] viewFemale(FaceBatch batch) {
        int faces = batch.size();
        if (faces == 0) {
            return new float[0];
        }
        float[] crops = viewCrops(batch);
        float[] features = new float[faces * FeatureHead.VIEWS * FeatureHead.FEATURES];
        model.run(
                crops,
                faces * FeatureHead.VIEWS,
                crop.size(),
                (first, count, outputs) ->
                        System.arraycopy(
                                outputs.get(FeatureHead.INPUT),
                                0,
                                features,
                                first * FeatureHead.FEATURES,
                                count * FeatureHead.FEATURES));
        return sexHead.secondLabel(FeatureHead.meanOfViews(features, faces), faces);
    }

    /** Every face's views, frame after frame, in the layout of {@link FeatureHead#viewCrops}. */
    private float[] viewCrops(FaceBatch batch) {
        if (!batch.isAcrossFrames()) {
            return FeatureHead.viewCrops(batch.frame(), batch.boxes(), crop.size(), cropScale);
        }
        float[] all = new float[batch.size() * FeatureHead.VIEWS * 3 * crop.size() * crop.size()];
        int offset = 0;
        for (FaceBatch frame : batch.frames()) {
            float[] views =
                    FeatureHead.viewCrops(frame.frame(), frame.boxes(), crop.size(), cropScale);
            System.arraycopy(views, 0, all, offset, views.length);
            offset += views.length;
        }
        return all;
    }

    @Override
    public long lastModelNanos() {
        return model.lastNanos() + lastViewNanos;
    }

    @Override
    public void close() {
        model.close();
        if (sexHead != null) {
            sexHead.close();
        }
        if (maskHead != null) {
            maskHead.close();
        }
    }
}
