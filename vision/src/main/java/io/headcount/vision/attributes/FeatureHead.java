package io.headcount.vision.attributes;

import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.models.ModelEntry;
import io.headcount.vision.onnx.OnnxModel;
import java.util.List;

/**
 * A trained head on a backbone model's features (made by {@code headcount train-head}): a linear
 * layer and softmax as an ONNX model, {@code [N,width]} features in, {@code probabilities
 * [N,labels]} out. It is declared in the model manifest under {@link #SEX_ROLE}, {@link #AGE_ROLE}
 * or {@link #MASK_ROLE}, with {@code backbone: role.output} naming the model and output it reads
 * (default {@value #DEFAULT_BACKBONE}, face-api's 512-d {@code features}); its input name and width
 * must match that output. Its input normalisation names the backbone's crop, because features of
 * another crop would give silently wrong answers.
 *
 * <p>A face-api head may be trained on the mean features of several views of the face ({@link
 * #VIEW_SCALES} times the crop scale, each also mirrored: test-time augmentation); its
 * normalisation then says so ({@link #normalisationFor(float, boolean)}) and the job feeds it the
 * same mean.
 */
public final class FeatureHead {

    /** Manifest role of a trained sex head; replaces its backbone's own sex answer. */
    public static final String SEX_ROLE = "sex-head";

    /**
     * Manifest role of a trained age-group head; its softmax over {@link AgeGroups#LABELS} replaces
     * the age groups of face-api's age regression.
     */
    public static final String AGE_ROLE = "age-head";

    /** Manifest role of a trained mask head; fills {@code masked}. */
    public static final String MASK_ROLE = "mask-head";

    /** The backbone of a head that declares none: face-api age/sex's {@code features}. */
    public static final String DEFAULT_BACKBONE = SexAgeHead.ROLE + "." + "features";

    /** face-api age/sex's feature output and its width. */
    public static final String INPUT = "features";

    public static final int FEATURES = 512;

    public static final String OUTPUT = "probabilities";

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
    private final String input;
    private final int width;

    private FeatureHead(OnnxModel model, boolean views, String input, int width) {
        this.model = model;
        this.views = views;
        this.input = input;
        this.width = width;
    }

    /** The input normalisation a face-api head trained on crops of {@code cropScale} declares. */
    public static String normalisationFor(float cropScale) {
        return "faceapi-age-gender features, crop-scale " + cropScale;
    }

    /** As {@link #normalisationFor(float)}, for a head trained on the mean of the views. */
    public static String normalisationFor(float cropScale, boolean views) {
        return views
                ? normalisationFor(cropScale) + ", mean of views 0.9 1.0 1.1 x mirror"
                : normalisationFor(cropScale);
    }

    /** The input normalisation of a head on {@code output} of a backbone fed {@code crop}. */
    public static String normalisationFor(String backboneName, String output, FaceCrop crop) {
        return backboneName + " " + output + ", crop " + crop.key();
    }

    /** {@code role.output} of the backbone a head reads. */
    public static String backboneOf(ModelEntry head) {
        return head.backbone() == null ? DEFAULT_BACKBONE : head.backbone();
    }

    /**
     * The head declared under {@code role} if it reads features of {@code backbone}, opened and
     * checked; null when the manifest declares none for this backbone.
     *
     * @param normalisations the input normalisations the backbone's code produces, the first
     *     without views
     */
    static FeatureHead declared(
            String role,
            ModelEntry backbone,
            AttributeSettings settings,
            List<String> expectedLabels,
            List<String> normalisations) {
        ModelEntry head = settings.manifest().models().get(role);
        if (head == null || !backboneOf(head).startsWith(backbone.role() + ".")) {
            return null;
        }
        String output = backboneOf(head).substring(backbone.role().length() + 1);
        backbone.requireOutput(output, "features", null);
        List<Long> shape = backbone.shape(output);
        long width = shape.isEmpty() ? -1 : shape.get(shape.size() - 1);
        String normalisation = head.input().normalisation();
        boolean views = normalisations.size() > 1 && normalisations.get(1).equals(normalisation);
        head.requireInput("NC", "features", views ? normalisation : normalisations.get(0));
        head.require("input name", output, head.input().name());
        head.require("input width", width, (long) head.input().dimension(1));
        head.requireOutput(OUTPUT, "softmax", expectedLabels);
        return new FeatureHead(settings.load(head), views, output, (int) width);
    }

    /** The backbone output the head reads. */
    String input() {
        return input;
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
        float[] p = model.run(input, features, new long[] {count, width}).get(OUTPUT);
        float[] second = new float[count];
        for (int i = 0; i < count; i++) {
            second[i] = p[2 * i + 1];
        }
        return second;
    }

    /** Every label's probability for each of the {@code count} feature rows, row after row. */
    float[] probabilities(float[] features, int count) {
        return model.run(input, features, new long[] {count, width}).get(OUTPUT);
    }

    String version() {
        return model.spec().version();
    }

    void close() {
        model.close();
    }
}
