package io.headcount.inference.attributes;

import io.headcount.inference.models.ModelEntry;
import io.headcount.inference.onnx.OnnxModel;
import java.util.List;

/**
 * face-api.js age/sex: {@code gender [N,2]} softmax over male, female gives {@code female}; the age
 * regression {@code age [N,1]} in years becomes an age-group distribution ({@link AgeGroups}).
 */
public final class SexAgeHead implements AttributeHead {

    public static final String ROLE = "sex-age";

    private final BatchedModel model;
    private final FaceCrop crop;
    private final float cropScale;
    private final AgeGroups ageGroups;

    private SexAgeHead(BatchedModel model, FaceCrop crop, float cropScale, AgeGroups ageGroups) {
        this.model = model;
        this.crop = crop;
        this.cropScale = cropScale;
        this.ageGroups = ageGroups;
    }

    public static SexAgeHead open(ModelEntry entry, AttributeSettings settings) {
        entry.requireInput("NCHW", "RGB", "0..255");
        entry.requireOutput("age", "regression-years", null);
        entry.requireOutput("gender", "softmax", List.of("male", "female"));
        int size = entry.input().dimension(2);
        entry.require("input height and width", size, entry.input().dimension(3));
        OnnxModel model = settings.load(entry);
        return new SexAgeHead(
                new BatchedModel(model, entry.input().name(), settings.maxBatch()),
                new FaceCrop(size, settings.cropScale()),
                settings.cropScale(),
                new AgeGroups(settings.ageSigma()));
    }

    @Override
    public String role() {
        return ROLE;
    }

    @Override
    public String modelVersion() {
        return model.version();
    }

    @Override
    public void describe(FaceBatch batch, AttributeValues[] into) {
        model.run(
                batch.crops(crop, cropScale),
                batch.size(),
                crop.size(),
                (first, count, outputs) -> {
                    float[] age = outputs.get("age");
                    float[] gender = outputs.get("gender");
                    for (int i = 0; i < count; i++) {
                        into[first + i].female = gender[2 * i + 1];
                        into[first + i].ageGroups = ageGroups.distribution(age[i]);
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
    }
}
