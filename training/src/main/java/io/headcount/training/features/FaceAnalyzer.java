package io.headcount.training.features;

import io.headcount.vision.attributes.AttributeHeads;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.FaceCrop;
import io.headcount.vision.attributes.FeatureHead;
import io.headcount.vision.attributes.SexAgeHead;
import io.headcount.vision.attributes.SexHead;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.models.ModelEntry;
import io.headcount.vision.onnx.OnnxModel;
import io.headcount.vision.quality.FaceQualityEstimator;
import io.headcount.vision.quality.QualitySettings;
import io.headcount.vision.settings.FaceAnalysisOptions;
import io.headcount.vision.settings.ModelOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Finds the best face of an image and runs a backbone model on it, the way {@code headcount eval}
 * and the job do (grey padding, YuNet with the job's defaults, the backbone's crop, quality gate),
 * and returns the backbone's features with its own sex and age answers: face-api age/sex's 512-d
 * {@code features} on a square crop of {@code attributes.crop-scale} (with views, also the mean
 * features of the views a views head is trained on, {@link FeatureHead#viewCrops}), or FaceRes's
 * 256-d {@code feats256} on its stretched crop ({@link Backbone#FACERES}). Holds native sessions:
 * close it.
 */
public final class FaceAnalyzer implements AutoCloseable {

    /** A backbone a head can be trained on: its manifest role and the outputs read. */
    public enum Backbone {
        FACE_API(SexAgeHead.ROLE, FeatureHead.INPUT),
        FACERES(SexHead.ROLE, "feats256");

        private final String role;
        private final String features;

        Backbone(String role, String features) {
            this.role = role;
            this.features = features;
        }

        public String role() {
            return role;
        }

        /** The output the head reads. */
        public String features() {
            return features;
        }

        /** By its command-line name: {@code faceapi} or {@code faceres}. */
        public static Backbone parse(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "faceapi", "face-api" -> FACE_API;
                case "faceres" -> FACERES;
                default ->
                        throw new IllegalArgumentException(
                                "unknown backbone " + name + "; known: faceapi, faceres");
            };
        }
    }

    /**
     * What the backbone says about one face; {@code ageProbabilities} is FaceRes's softmax over
     * ages 0..99 (empty for face-api, whose age is one regression).
     */
    public record Analysis(
            DetectedFace face,
            boolean usable,
            float[] features,
            float female,
            float age,
            float[] viewFeatures,
            float[] ageProbabilities) {}

    private final Backbone backbone;
    private final YuNetDetector detector;
    private final OnnxModel model;
    private final String input;
    private final FaceCrop crop;
    private final float padding;
    private final QualitySettings quality;
    private final FaceQualityEstimator estimator = new FaceQualityEstimator();
    private final String version;
    private final float cropScale;
    private final boolean views;

    private FaceAnalyzer(
            Backbone backbone,
            YuNetDetector detector,
            OnnxModel model,
            String input,
            FaceCrop crop,
            float padding,
            QualitySettings quality,
            float cropScale,
            boolean views) {
        this.backbone = backbone;
        this.detector = detector;
        this.model = model;
        this.input = input;
        this.crop = crop;
        this.padding = padding;
        this.quality = quality;
        this.cropScale = cropScale;
        this.views = views;
        this.version = model.spec().version() + " (" + crop.key() + "), " + detector.modelVersion();
    }

    /**
     * @param models the model folder (shared/models)
     * @param padding grey border as a share of the image size ({@code Evaluation.DEFAULT_PADDING})
     * @param cropScale crop side as a multiple of the longer box side
     */
    public static FaceAnalyzer open(Path models, float padding, float cropScale) {
        return open(models, padding, cropScale, false);
    }

    /** As {@link #open(Path, float, float)}; with {@code views} also the views' mean features. */
    public static FaceAnalyzer open(Path models, float padding, float cropScale, boolean views) {
        return open(Backbone.FACE_API, models, padding, cropScale, views);
    }

    /**
     * As {@link #open(Path, float, float, boolean)} for any backbone; FaceRes takes its own crop
     * ({@link SexHead#crop}) and no views.
     */
    public static FaceAnalyzer open(
            Backbone backbone, Path models, float padding, float cropScale, boolean views) {
        return open(backbone, models, padding, cropScale, views, Float.NaN);
    }

    /**
     * FaceRes with a crop margin other than the job's {@link SexHead#CROP_MARGIN}: for choosing the
     * margin on validation data.
     */
    public static FaceAnalyzer openFaceRes(Path models, float padding, float margin) {
        return open(Backbone.FACERES, models, padding, 1f, false, margin);
    }

    private static FaceAnalyzer open(
            Backbone backbone,
            Path models,
            float padding,
            float cropScale,
            boolean views,
            float faceResMargin) {
        if (views && backbone != Backbone.FACE_API) {
            throw new IllegalArgumentException("views are a face-api backbone option");
        }
        FaceAnalysisOptions options =
                FaceAnalysisOptions.fromMap(Map.of(ModelOptions.MODELS_DIR, models.toString()));
        AttributeSettings attributes = options.attributes();
        ModelEntry entry = attributes.manifest().model(backbone.role());
        entry.requireOutput(backbone.features(), "features", null);
        YuNetDetector detector = YuNetDetector.open(options.detector());
        try {
            OnnxModel model =
                    OnnxModel.load(entry.spec(), models, attributes.onnxOf(backbone.role()));
            return new FaceAnalyzer(
                    backbone,
                    detector,
                    model,
                    entry.input().name(),
                    Float.isNaN(faceResMargin)
                            ? AttributeHeads.crop(backbone.role(), entry, cropScale)
                            : FaceCrop.stretched(entry.input().dimension(2), faceResMargin),
                    padding,
                    attributes.quality(),
                    cropScale,
                    views);
        } catch (RuntimeException e) {
            detector.close();
            throw e;
        }
    }

    /** Model versions, for the model card. */
    public String version() {
        return version;
    }

    /** The best face in image coordinates, or null when there is none. */
    public DetectedFace detect(BgrImage image) {
        Canvas canvas = Canvas.of(image, padding);
        List<DetectedFace> found = detector.detect(canvas.canvas());
        return found.isEmpty() ? null : canvas.toImage(found.get(0));
    }

    /** The best face and the backbone's answers for it, or null when no face is found. */
    public Analysis analyze(BgrImage image) {
        Canvas canvas = Canvas.of(image, padding);
        List<DetectedFace> found = detector.detect(canvas.canvas());
        if (found.isEmpty()) {
            return null;
        }
        DetectedFace face = found.get(0);
        boolean usable = quality.accepts(estimator.measure(canvas.canvas(), face));
        float[] tensor = new float[crop.floatsPerFace()];
        crop.write(canvas.canvas(), face.box(), tensor, 0);
        Map<String, float[]> out =
                model.run(input, tensor, new long[] {1, 3, crop.size(), crop.size()});
        float[] viewFeatures = new float[0];
        if (views) {
            float[] crops =
                    FeatureHead.viewCrops(
                            canvas.canvas(), List.of(face.box()), crop.size(), cropScale);
            float[] features =
                    model.run(
                                    input,
                                    crops,
                                    new long[] {FeatureHead.VIEWS, 3, crop.size(), crop.size()})
                            .get("features");
            viewFeatures = FeatureHead.meanOfViews(features, 1);
        }
        if (backbone == Backbone.FACERES) {
            return new Analysis(
                    canvas.toImage(face),
                    usable,
                    out.get(backbone.features()).clone(),
                    1 - out.get(SexHead.MALE)[0],
                    expectedAge(out.get("age_probs")),
                    viewFeatures,
                    out.get("age_probs").clone());
        }
        return new Analysis(
                canvas.toImage(face),
                usable,
                out.get("features").clone(),
                out.get("gender")[1],
                out.get("age")[0],
                viewFeatures,
                new float[0]);
    }

    /** FaceRes's age: the expected value of its softmax over ages 0..99. */
    static float expectedAge(float[] probabilities) {
        double age = 0;
        for (int i = 0; i < probabilities.length; i++) {
            age += i * probabilities[i];
        }
        return (float) age;
    }

    /** The backbone this analyzer runs. */
    public Backbone backbone() {
        return backbone;
    }

    @Override
    public void close() {
        model.close();
        detector.close();
    }
}
