package io.headcount.vision.attributes;

import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.models.ModelEntry;
import io.headcount.vision.onnx.OnnxModel;
import java.util.List;

/**
 * A trained head on the face-api age/sex model's 512-d {@code features} (made by {@code headcount
 * train-head}): a linear layer and softmax as an ONNX model, {@code features [N,512]} in, {@code
 * probabilities [N,2]} out. It is declared in the model manifest under {@link #SEX_ROLE} or {@link
 * #MASK_ROLE}; its input normalisation names the crop scale it was trained at, because features of
 * another crop scale would give silently wrong answers.
 *
 * <p>A head may be trained on the mean features of several views of the face ({@link #VIEW_SCALES}
 * times the crop scale, each also mirrored: test-time augmentation); its normalisation then says so
 * ({@link #normalisationFor(float, boolean)}) and the job feeds it the same mean.
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

    /** Crop sizes of the views, as multiples of the crop scale; each view also mirrored. */
    public static final float[] VIEW_SCALES = {0.9f, 1.0f, 1.1f};

    /** Views per face of a head trained on view means. */
    public static final int VIEWS = 2 * VIEW_SCALES.length;

    private final OnnxModel model;
    private final boolean views;

    private FeatureHead(OnnxModel model, boolean views) {
        this.model = model;
        this.views = views;
    }

    /** The input normalisation a head trained on crops of {@code cropScale} declares. */
    public static String normalisationFor(float cropScale) {
        return "faceapi-age-gender features, crop-scale " + cropScale;
    }

    /** As {@link #normalisationFor(float)}, for a head trained on the mean of the views. */
    public static String normalisationFor(float cropScale, boolean views) {
        return views
                ? normalisationFor(cropScale) + ", mean of views 0.9 1.0 1.1 x mirror"
                : normalisationFor(cropScale);
    }

    static FeatureHead open(
            ModelEntry entry, AttributeSettings settings, List<String> expectedLabels) {
        boolean views =
                normalisationFor(settings.cropScale(), true).equals(entry.input().normalisation());
        entry.requireInput("NC", "features", normalisationFor(settings.cropScale(), views));
        entry.require("input name", INPUT, entry.input().name());
        entry.require("input width", FEATURES, entry.input().dimension(1));
        entry.requireOutput(OUTPUT, "softmax", expectedLabels);
        return new FeatureHead(settings.load(entry), views);
    }

    /** Whether the head wants the mean features of the views rather than of the crop. */
    boolean views() {
        return views;
    }

    /**
     * The {@link #VIEWS} crops of each face (face i, view v at index {@code i * VIEWS + v}) into
     * one NCHW buffer, RGB 0..255 as {@link FaceCrop} writes them.
     */
    public static float[] viewCrops(
            BgrImage frame, List<FaceBox> boxes, int size, float cropScale) {
        int perFace = 3 * size * size;
        float[] batch = new float[boxes.size() * VIEWS * perFace];
        for (int s = 0; s < VIEW_SCALES.length; s++) {
            FaceCrop crop = new FaceCrop(size, cropScale * VIEW_SCALES[s]);
            for (int i = 0; i < boxes.size(); i++) {
                int view = i * VIEWS + 2 * s;
                crop.write(frame, boxes.get(i), batch, view);
                mirror(batch, size, view, view + 1);
            }
        }
        return batch;
    }

    /** Mean of each face's {@link #VIEWS} consecutive feature rows. */
    public static float[] meanOfViews(float[] features, int faces) {
        float[] mean = new float[faces * FEATURES];
        for (int i = 0; i < faces; i++) {
            for (int v = 0; v < VIEWS; v++) {
                int row = (i * VIEWS + v) * FEATURES;
                for (int f = 0; f < FEATURES; f++) {
                    mean[i * FEATURES + f] += features[row + f] / VIEWS;
                }
            }
        }
        return mean;
    }

    /**
     * Writes crop {@code from} of an NCHW batch of {@code size}² crops, mirrored, as crop {@code
     * to}.
     */
    public static void mirror(float[] batch, int size, int from, int to) {
        int plane = size * size;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < size; y++) {
                int source = from * 3 * plane + c * plane + y * size;
                int target = to * 3 * plane + c * plane + y * size;
                for (int x = 0; x < size; x++) {
                    batch[target + x] = batch[source + size - 1 - x];
                }
            }
        }
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
