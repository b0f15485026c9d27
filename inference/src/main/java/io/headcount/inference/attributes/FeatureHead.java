package io.headcount.inference.attributes;

import io.headcount.inference.models.ModelEntry;
import io.headcount.inference.onnx.OnnxModel;
import java.util.List;

/**
 * A trained head on the face-api age/sex model's 512-d {@code features} (made by {@code headcount
 * train-head}): a linear layer and softmax as an ONNX model, {@code features [N,512]} in, {@code
 * probabilities [N,2]} out. It is declared in the model manifest under {@link #SEX_ROLE} or {@link
 * #MASK_ROLE}; its input normalisation names the crop scale it was trained at, because features of
 * another crop scale would give silently wrong answers.
 */
public final class FeatureHead {

    /** Manifest role of a trained sex head; replaces face-api's own {@code gender}. */
    public static final String SEX_ROLE = "sex-head";

    /** Manifest role of a trained mask head; fills {@code masked}. */
    public static final String MASK_ROLE = "mask-head";

    public static final String INPUT = "features";
    public static final String OUTPUT = "probabilities";
    public static final int FEATURES = 512;

    /** Labels of a sex head's output, in order. */
    public static final List<String> SEX_LABELS = List.of("male", "female");

    /** Labels of a mask head's output, in order. */
    public static final List<String> MASK_LABELS = List.of("unmasked", "masked");

    private final OnnxModel model;

    private FeatureHead(OnnxModel model) {
        this.model = model;
    }

    /** The input normalisation a head trained on crops of {@code cropScale} declares. */
    public static String normalisationFor(float cropScale) {
        return "faceapi-age-gender features, crop-scale " + cropScale;
    }

    static FeatureHead open(
            ModelEntry entry, AttributeSettings settings, List<String> expectedLabels) {
        entry.requireInput("NC", "features", normalisationFor(settings.cropScale()));
        entry.require("input name", INPUT, entry.input().name());
        entry.require("input width", FEATURES, entry.input().dimension(1));
        entry.requireOutput(OUTPUT, "softmax", expectedLabels);
        return new FeatureHead(settings.load(entry));
    }

    /** Probability of the second label for each of the {@code count} feature rows. */
    float[] secondLabel(float[] features, int count) {
        float[] p = model.run(INPUT, features, new long[] {count, FEATURES}).get(OUTPUT);
        float[] second = new float[count];
        for (int i = 0; i < count; i++) {
            second[i] = p[2 * i + 1];
        }
        return second;
    }

    String version() {
        return model.spec().version();
    }

    void close() {
        model.close();
    }
}
