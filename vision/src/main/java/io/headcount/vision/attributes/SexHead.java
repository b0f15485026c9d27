package io.headcount.vision.attributes;

import io.headcount.core.attributes.Attribute;
import io.headcount.vision.models.ModelEntry;
import io.headcount.vision.onnx.OnnxModel;
import java.util.List;
import java.util.Set;

/**
 * HSE FaceRes as the sex backbone: {@code gender_male [N,1]} = P(male) gives {@code female}, or,
 * when the model set declares a trained {@link FeatureHead#SEX_ROLE} on one of its feature outputs
 * ({@code backbone: sex.feats256}), that head's answer does. It runs after face-api age/sex and
 * replaces face-api's sex answer. Where the set declares a trained {@link FeatureHead#AGE_ROLE} on
 * its features (trained on adults), that head splits face-api's adult age groups and face-api's
 * under-20 groups stay ({@link AgeGroups#withAdultHead}; FaceRes's own age output measured worse
 * than either; the age head's model card). Its crop is the box plus {@link #CROP_MARGIN} per side,
 * stretched to the square input as FaceRes was trained.
 */
public final class SexHead implements AttributeHead {

    public static final String ROLE = "sex";

    public static final String MALE = "gender_male";

    /**
     * Margin of the crop per side, as a share of the box's width and height, chosen on validation
     * data only (rof_masked_dev, UTK validation original and synthetic-masked): the shipped head
     * trained at 0.1 has a lower mean validation log-loss than one trained at 0.0 (0.187 against
     * 0.192) and a higher balanced accuracy on the most confident 70 % (rof_masked_dev 98.0 against
     * 96.2 %, synthetic-masked UTK 98.5 against 97.4 %). FaceRes's own output alone would prefer
     * 0.0 (rof_masked_dev 85.5 % balanced at 0.0, 78.9 % at 0.1, 71.1 % at 0.2), but the head
     * replaces it.
     */
    public static final float CROP_MARGIN = 0.1f;

    private final BatchedModel model;
    private final FaceCrop crop;
    private final FeatureHead sexHead;
    private final FeatureHead ageHead;

    private SexHead(BatchedModel model, FaceCrop crop, FeatureHead sexHead, FeatureHead ageHead) {
        this.model = model;
        this.crop = crop;
        this.sexHead = sexHead;
        this.ageHead = ageHead;
    }

    /** The crop FaceRes gets from a detector box. */
    public static FaceCrop crop(ModelEntry entry) {
        int size = entry.input().dimension(2);
        entry.require("input height and width", size, entry.input().dimension(3));
        return FaceCrop.stretched(size, CROP_MARGIN);
    }

    public static SexHead open(ModelEntry entry, AttributeSettings settings) {
        entry.requireInput("NCHW", "RGB", "0..255");
        entry.requireOutput(MALE, "sigmoid", List.of("male"));
        FaceCrop crop = crop(entry);
        FeatureHead sexHead = null;
        FeatureHead ageHead = null;
        OnnxModel model;
        try {
            sexHead =
                    FeatureHead.declared(
                            FeatureHead.SEX_ROLE,
                            entry,
                            settings,
                            FeatureHead.SEX_LABELS,
                            List.of(
                                    FeatureHead.normalisationFor(
                                            entry.spec().name(),
                                            backboneOutput(settings, FeatureHead.SEX_ROLE),
                                            crop)));
            ageHead =
                    FeatureHead.declared(
                            FeatureHead.AGE_ROLE,
                            entry,
                            settings,
                            AgeGroups.LABELS,
                            List.of(
                                    FeatureHead.normalisationFor(
                                            entry.spec().name(),
                                            backboneOutput(settings, FeatureHead.AGE_ROLE),
                                            crop)));
            model = settings.load(entry);
        } catch (RuntimeException e) {
            if (sexHead != null) {
                sexHead.close();
            }
            if (ageHead != null) {
                ageHead.close();
            }
            throw e;
        }
        return new SexHead(
                new BatchedModel(model, entry.input().name(), settings.maxBatch()),
                crop,
                sexHead,
                ageHead);
    }

    /** The feature output the head declared under {@code role} reads (any, when none is). */
    private static String backboneOutput(AttributeSettings settings, String role) {
        ModelEntry head = settings.manifest().models().get(role);
        String backbone = head == null ? "" : FeatureHead.backboneOf(head);
        return backbone.substring(backbone.indexOf('.') + 1);
    }

    @Override
    public String role() {
        return ROLE;
    }

    /** Sex, and the age group where the set declares an age head on this backbone. */
    @Override
    public Set<Attribute> attributes() {
        return ageHead == null
                ? AttributeHeads.attributesOf(ROLE)
                : Set.of(Attribute.SEX, Attribute.AGE);
    }

    @Override
    public String modelVersion() {
        String version = model.version();
        if (sexHead != null) {
            version += "+" + sexHead.version();
        }
        if (ageHead != null) {
            version += "+" + ageHead.version();
        }
        return version;
    }

    @Override
    public void describe(FaceBatch batch, AttributeValues[] into) {
        describe(batch, into, Set.of());
    }

    /** Where sex is switched off the backbone runs for the age groups only: no sex head. */
    @Override
    public void describe(FaceBatch batch, AttributeValues[] into, Set<Attribute> switchedOff) {
        boolean sex = !switchedOff.contains(Attribute.SEX);
        boolean age = ageHead != null && !switchedOff.contains(Attribute.AGE);
        model.run(
                batch.crops(crop),
                batch.size(),
                crop.size(),
                (first, count, outputs) -> {
                    float[] female =
                            !sex || sexHead == null
                                    ? null
                                    : sexHead.secondLabel(outputs.get(sexHead.input()), count);
                    float[] ages =
                            !age
                                    ? null
                                    : ageHead.probabilities(outputs.get(ageHead.input()), count);
                    float[] male = sex && sexHead == null ? outputs.get(MALE) : null;
                    int groups = AgeGroups.LABELS.size();
                    for (int i = 0; i < count; i++) {
                        if (sex) {
                            into[first + i].female = female != null ? female[i] : 1 - male[i];
                        }
                        if (ages != null) {
                            into[first + i].ageGroups =
                                    AgeGroups.withAdultHead(
                                            into[first + i].ageGroups,
                                            java.util.Arrays.copyOfRange(
                                                    ages, i * groups, (i + 1) * groups));
                        }
                    }
                });
    }

    @Override
    public long lastModelNanos() {
        return model.lastNanos();
    }

    @Override
    public void close() {
        model.close();
        if (sexHead != null) {
            sexHead.close();
        }
        if (ageHead != null) {
            ageHead.close();
        }
    }
}
