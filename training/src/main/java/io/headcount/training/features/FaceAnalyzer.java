package io.headcount.training.features;

import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.FaceCrop;
import io.headcount.vision.attributes.FeatureHead;
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
 * Finds the best face of an image and runs the face-api age/sex model on it, the way {@code
 * headcount eval} and the job do (grey padding, YuNet with the job's defaults, square crop of
 * {@code attributes.crop-scale}, quality gate), and returns the model's 512-d {@code features} with
 * its own sex and age answers; with views, also the mean features of the views a views head is
 * trained on ({@link FeatureHead#viewCrops}, as the job computes them). Holds native sessions:
 * close it.
 */
public final class FaceAnalyzer implements AutoCloseable {

    /** What the backbone says about one face. */
    public record Analysis(
            DetectedFace face,
            boolean usable,
            float[] features,
            float female,
            float age,
            float[] viewFeatures) {}

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
            YuNetDetector detector,
            OnnxModel model,
            String input,
            FaceCrop crop,
            float padding,
            QualitySettings quality,
            float cropScale,
            boolean views) {
        this.detector = detector;
        this.model = model;
        this.input = input;
        this.crop = crop;
        this.padding = padding;
        this.quality = quality;
        this.cropScale = cropScale;
        this.views = views;
        this.version = model.spec().version() + ", " + detector.modelVersion();
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
        FaceAnalysisOptions options =
                FaceAnalysisOptions.fromMap(Map.of(ModelOptions.MODELS_DIR, models.toString()));
        AttributeSettings attributes = options.attributes();
        ModelEntry entry = attributes.manifest().model("sex-age");
        entry.requireOutput("features", "features", null);
        YuNetDetector detector = YuNetDetector.open(options.detector());
        try {
            OnnxModel model = OnnxModel.load(entry.spec(), models, attributes.onnxOf("sex-age"));
            return new FaceAnalyzer(
                    detector,
                    model,
                    entry.input().name(),
                    new FaceCrop(entry.input().dimension(2), cropScale),
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
        return new Analysis(
                canvas.toImage(face),
                usable,
                out.get("features").clone(),
                out.get("gender")[1],
                out.get("age")[0],
                viewFeatures);
    }

    @Override
    public void close() {
        model.close();
        detector.close();
    }
}
