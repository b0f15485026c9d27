package io.headcount.training.experiments;

import io.headcount.core.Assets;
import io.headcount.training.augment.MaskAugmenter;
import io.headcount.training.augment.MaskTemplates;
import io.headcount.training.augment.Seeds;
import io.headcount.training.features.Canvas;
import io.headcount.training.features.FeatureExtraction;
import io.headcount.training.files.Images;
import io.headcount.training.train.DataSets;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.FeatureHead;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.eval.ManifestCsv;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.models.ModelEntry;
import io.headcount.vision.onnx.ModelSpec;
import io.headcount.vision.onnx.OnnxModel;
import io.headcount.vision.quality.FaceQualityEstimator;
import io.headcount.vision.quality.QualitySettings;
import io.headcount.vision.settings.FaceAnalysisOptions;
import io.headcount.vision.settings.ModelOptions;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Experiment tool (not used by {@code train-head}): for every face, the face-api age/sex features
 * of several views (crop scales 0.9 / 1.0 / 1.1, each also mirrored) and the face-api expression
 * model's 256-d features of the 1.0 crop and its mirror, for originals and synthetic masks drawn
 * exactly as {@link FeatureExtraction} does (same seeds). Writes {@code NAME.tsv} (one line per
 * sample) and {@code NAME.f32} (little-endian floats, zeros when no face was found), for offline
 * analysis of test-time augmentation and concatenated backbones.
 *
 * <p>Usage: {@code ViewFeatures OUT_DIR SET[,SET] VARIANTS} with SET utkface, rmfd_celeb,
 * masked_real.
 */
public final class ViewFeatures {

    static final float PADDING = 0.5f;
    static final long SEED = 20261128L;

    private ViewFeatures() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int variants = Integer.parseInt(args[2]);
        Assets assets = Assets.fromEnvironment();
        Path data = assets.data();
        Path models = assets.models();
        FaceAnalysisOptions options =
                FaceAnalysisOptions.fromMap(Map.of(ModelOptions.MODELS_DIR, models.toString()));
        AttributeSettings attributes = options.attributes();
        ModelEntry sexAge = attributes.manifest().model("sex-age");
        ModelEntry expression = attributes.manifest().model("expression");
        ModelSpec es = expression.spec();
        ModelSpec expressionSpec =
                new ModelSpec(
                        es.name(),
                        es.version(),
                        es.fileName(),
                        es.sha256(),
                        es.inputs(),
                        List.of("expression", "features"),
                        Map.of());
        MaskAugmenter augmenter =
                new MaskAugmenter(MaskTemplates.load(data.resolve("mask-templates/maskthface")));
        QualitySettings quality = attributes.quality();
        FaceQualityEstimator estimator = new FaceQualityEstimator();
        Files.createDirectories(out);
        try (YuNetDetector detector = YuNetDetector.open(options.detector());
                OnnxModel ag = OnnxModel.load(sexAge.spec(), models, attributes.onnxOf("sex-age"));
                OnnxModel ex =
                        OnnxModel.load(expressionSpec, models, attributes.onnxOf("expression"))) {
            for (String name : args[1].split(",")) {
                FeatureExtraction.Source source =
                        switch (name) {
                            case DataSets.UTKFACE -> DataSets.utkface(data, variants);
                            case DataSets.RMFD_CELEB -> DataSets.celeb(data, variants);
                            default -> DataSets.masked(data);
                        };
                List<Map<String, String>> rows =
                        ManifestCsv.read(source.manifest()).stream().filter(source.rows()).toList();
                long start = System.nanoTime();
                try (Writer tsv = Files.newBufferedWriter(out.resolve(name + ".tsv"));
                        DataOutputStream f32 =
                                new DataOutputStream(
                                        new BufferedOutputStream(
                                                Files.newOutputStream(out.resolve(name + ".f32")),
                                                1 << 20))) {
                    for (int i = 0; i < rows.size(); i++) {
                        Map<String, String> row = rows.get(i);
                        String file = row.get("file");
                        BgrImage image = Images.read(source.root().resolve(file));
                        DetectedFace original =
                                image == null ? null : bestOnCanvas(detector, image);
                        write(
                                tsv,
                                f32,
                                row,
                                "original",
                                image,
                                original,
                                detector,
                                ag,
                                ex,
                                estimator,
                                quality);
                        int k2 = name.equals(DataSets.MASKED_REAL) ? 0 : variants;
                        for (int k = 0; k < k2; k++) {
                            BgrImage masked = null;
                            DetectedFace face = null;
                            if (original != null) {
                                masked =
                                        augmenter
                                                .apply(image, original, Seeds.random(SEED, file, k))
                                                .image();
                                face = bestOnCanvas(detector, masked);
                            }
                            write(
                                    tsv,
                                    f32,
                                    row,
                                    "mask" + k,
                                    masked,
                                    face,
                                    detector,
                                    ag,
                                    ex,
                                    estimator,
                                    quality);
                        }
                        if ((i + 1) % 500 == 0 || i + 1 == rows.size()) {
                            System.err.printf(
                                    "%s %d/%d %.1f img/s%n",
                                    name,
                                    i + 1,
                                    rows.size(),
                                    (i + 1) / ((System.nanoTime() - start) / 1e9));
                        }
                    }
                }
            }
        }
    }

    /** The best face of an image padded as {@code headcount eval} pads it, in image coordinates. */
    private static DetectedFace bestOnCanvas(YuNetDetector detector, BgrImage image) {
        Canvas canvas = Canvas.of(image, PADDING);
        DetectedFace face = best(detector, canvas.canvas());
        return face == null ? null : canvas.toImage(face);
    }

    private static DetectedFace best(YuNetDetector detector, BgrImage image) {
        List<DetectedFace> found = detector.detect(image);
        return found.isEmpty() ? null : found.get(0);
    }

    private static void write(
            Writer tsv,
            DataOutputStream f32,
            Map<String, String> row,
            String variant,
            BgrImage image,
            DetectedFace face,
            YuNetDetector detector,
            OnnxModel ag,
            OnnxModel ex,
            FaceQualityEstimator estimator,
            QualitySettings quality)
            throws IOException {
        int views = FeatureHead.VIEWS;
        float[] features = new float[views * 512 + 2 * 256];
        float[] female = new float[views];
        boolean usable = false;
        float size = 0;
        if (face != null) {
            // On the padded canvas, as the job's eval and FaceAnalyzer do.
            Canvas canvas = Canvas.of(image, PADDING);
            DetectedFace onCanvas = best(detector, canvas.canvas());
            usable = quality.accepts(estimator.measure(canvas.canvas(), onCanvas));
            size = Math.max(face.box().width(), face.box().height());
            float[] batch =
                    FeatureHead.viewCrops(canvas.canvas(), List.of(onCanvas.box()), 112, 1f);
            Map<String, float[]> a = ag.run("input", batch, new long[] {views, 3, 112, 112});
            System.arraycopy(a.get("features"), 0, features, 0, views * 512);
            float[] g = a.get("gender");
            for (int v = 0; v < views; v++) {
                female[v] = g[2 * v + 1];
            }
            int plane = 3 * 112 * 112;
            float[] pair = Arrays.copyOfRange(batch, 2 * plane, 4 * plane); // 1.0 and its mirror
            Map<String, float[]> e = ex.run("input", pair, new long[] {2, 3, 112, 112});
            System.arraycopy(e.get("features"), 0, features, views * 512, 512);
        }
        StringBuilder line = new StringBuilder();
        for (String c : List.of("file", "sex", "age", "race", "identity", "masked")) {
            line.append(row.getOrDefault(c, "")).append('\t');
        }
        line.append(variant).append('\t').append(face != null).append('\t').append(usable);
        line.append('\t').append(size);
        for (float f : female) {
            line.append('\t').append(f);
        }
        tsv.write(line.append('\n').toString());
        for (float f : features) {
            f32.writeInt(Integer.reverseBytes(Float.floatToRawIntBits(f)));
        }
    }
}
