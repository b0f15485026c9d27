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
import io.headcount.vision.attributes.FaceCrop;
import io.headcount.vision.attributes.FeatureHead;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.eval.ManifestCsv;
import io.headcount.vision.frame.BgrImage;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Experiment tool for occlusion normalisation (issue 7; not used by {@code train-head}): for every
 * face, the face-api age/sex features of a crop and its mirror (their mean) with the lower face
 * painted by each {@link LowerFaceBlanking} asked for, and without ({@code none}); the crop is the
 * job's 1.0 box crop, or a wider one (hair, head shape) with {@code @SCALE}. Faces are found as
 * {@link ViewFeatures} finds them (grey canvas, YuNet on the unpainted image, quality gate on it);
 * synthetic masks are drawn with the same seeds as {@link FeatureExtraction}.
 *
 * <p>Usage: {@code BlankedFeatures OUT_DIR SET VARIANTS BLANKINGS [SHARE]}, SET one of utkface,
 * rmfd_celeb, masked_real (every row, labelled or not: the analysis must keep the labelled ones out
 * of anything it chooses), rwmfd_scenes (every face found in each scene, variants face0, face1, …);
 * BLANKINGS comma-separated, each optionally with a crop scale, e.g. {@code
 * none,k0.45,k0.45w1.2,none@1.6} (outside the image the crop sees the grey canvas); SHARE keeps
 * that share of the rows (by a hash of the file, for a smaller UTKFace run). Writes {@code SET.tsv}
 * (one line per sample: manifest columns, variant, detected, usable, face size, face-api's
 * p(female) per blanking) and {@code SET.f32} (512 little-endian floats per blanking and sample,
 * zeros when not detected).
 */
public final class BlankedFeatures {

    static final int MAX_SCENE_FACES = 20;

    /** face-api's age/sex input side. */
    static final int CROP_SIZE = 112;

    private BlankedFeatures() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        String set = args[1];
        int variants = Integer.parseInt(args[2]);
        List<View> views = new ArrayList<>();
        for (String name : args[3].split(",")) {
            views.add(View.parse(name));
        }
        double share = args.length > 4 ? Double.parseDouble(args[4]) : 1.0;
        Assets assets = Assets.fromEnvironment();
        Path data = assets.data();
        Path models = assets.models();
        FaceAnalysisOptions options =
                FaceAnalysisOptions.fromMap(Map.of(ModelOptions.MODELS_DIR, models.toString()));
        AttributeSettings attributes = options.attributes();
        MaskAugmenter augmenter =
                new MaskAugmenter(MaskTemplates.load(data.resolve("mask-templates/maskthface")));
        FeatureExtraction.Source source =
                switch (set) {
                    case DataSets.UTKFACE -> DataSets.utkface(data, variants);
                    case DataSets.RMFD_CELEB -> DataSets.celeb(data, variants);
                    case DataSets.MASKED_REAL ->
                            new FeatureExtraction.Source(
                                    set,
                                    data.resolve(
                                            "masked-real/chandrikadeb7_with_mask/manifest.csv"),
                                    data,
                                    row -> true,
                                    0);
                    case "rwmfd_scenes" ->
                            new FeatureExtraction.Source(
                                    set,
                                    data.resolve("masked-real/rwmfd_part1_scenes/manifest.csv"),
                                    data,
                                    row -> true,
                                    0);
                    default -> throw new IllegalArgumentException("unknown set " + set);
                };
        Predicate<Map<String, String>> sampled =
                row ->
                        share >= 1
                                || Seeds.random(ViewFeatures.SEED, row.get("file"), -1).nextDouble()
                                        < share;
        List<Map<String, String>> rows =
                ManifestCsv.read(source.manifest()).stream()
                        .filter(source.rows())
                        .filter(sampled)
                        .toList();
        Files.createDirectories(out);
        Extractor extractor =
                new Extractor(views, attributes.quality(), new FaceQualityEstimator());
        long start = System.nanoTime();
        try (YuNetDetector detector = YuNetDetector.open(options.detector());
                OnnxModel ag =
                        OnnxModel.load(
                                attributes.manifest().model("sex-age").spec(),
                                models,
                                attributes.onnxOf("sex-age"));
                Writer tsv = Files.newBufferedWriter(out.resolve(set + ".tsv"));
                DataOutputStream f32 =
                        new DataOutputStream(
                                new BufferedOutputStream(
                                        Files.newOutputStream(out.resolve(set + ".f32")),
                                        1 << 20))) {
            for (int i = 0; i < rows.size(); i++) {
                Map<String, String> row = rows.get(i);
                String file = row.get("file");
                BgrImage image = Images.read(source.root().resolve(file));
                Canvas canvas = image == null ? null : Canvas.of(image, ViewFeatures.PADDING);
                List<DetectedFace> found =
                        canvas == null ? List.of() : detector.detect(canvas.canvas());
                if (set.equals("rwmfd_scenes")) {
                    for (int f = 0; f < Math.min(found.size(), MAX_SCENE_FACES); f++) {
                        extractor.write(tsv, f32, row, "face" + f, canvas, found.get(f), ag);
                    }
                    continue;
                }
                DetectedFace original = found.isEmpty() ? null : found.get(0);
                extractor.write(tsv, f32, row, "original", canvas, original, ag);
                for (int k = 0; k < source.maskVariants(); k++) {
                    Canvas masked = null;
                    DetectedFace face = null;
                    if (original != null) {
                        BgrImage drawn =
                                augmenter
                                        .apply(
                                                image,
                                                canvas.toImage(original),
                                                Seeds.random(ViewFeatures.SEED, file, k))
                                        .image();
                        masked = Canvas.of(drawn, ViewFeatures.PADDING);
                        List<DetectedFace> again = detector.detect(masked.canvas());
                        face = again.isEmpty() ? null : again.get(0);
                    }
                    extractor.write(tsv, f32, row, "mask" + k, masked, face, ag);
                }
                if ((i + 1) % 250 == 0 || i + 1 == rows.size()) {
                    System.err.printf(
                            Locale.ROOT,
                            "%s %d/%d %.1f img/s%n",
                            set,
                            i + 1,
                            rows.size(),
                            (i + 1) / ((System.nanoTime() - start) / 1e9));
                }
            }
        }
    }

    /**
     * One feature column: a blanking ({@code null} for none) and the crop it is read through.
     *
     * @param crop the {@link #CROP_SIZE} crop of a multiple of the box side
     */
    record View(LowerFaceBlanking blanking, FaceCrop crop) {

        /** {@code BLANKING} or {@code BLANKING@SCALE}, e.g. {@code none@1.6}; scale 1 without. */
        static View parse(String name) {
            int at = name.indexOf('@');
            float scale =
                    at < 0 ? FaceCrop.DEFAULT_SCALE : Float.parseFloat(name.substring(at + 1));
            return new View(
                    BlankedFeatures.parse(at < 0 ? name : name.substring(0, at)),
                    new FaceCrop(CROP_SIZE, scale));
        }
    }

    /** {@code none} (no blanking) is null; {@code k0.45} or {@code k0.45w1.2} a blanking. */
    static LowerFaceBlanking parse(String name) {
        if (name.equals("none")) {
            return null;
        }
        if (!name.startsWith("k")) {
            throw new IllegalArgumentException("blanking " + name + ": expected none or kD[wH]");
        }
        int w = name.indexOf('w');
        return w < 0
                ? LowerFaceBlanking.below(Double.parseDouble(name.substring(1)))
                : new LowerFaceBlanking(
                        Double.parseDouble(name.substring(1, w)),
                        Double.parseDouble(name.substring(w + 1)));
    }

    private record Extractor(
            List<View> views, QualitySettings quality, FaceQualityEstimator estimator) {

        void write(
                Writer tsv,
                DataOutputStream f32,
                Map<String, String> row,
                String variant,
                Canvas canvas,
                DetectedFace face,
                OnnxModel ag)
                throws IOException {
            int n = views.size();
            float[] features = new float[n * 512];
            float[] female = new float[n];
            boolean usable = false;
            float size = 0;
            if (face != null) {
                usable = quality.accepts(estimator.measure(canvas.canvas(), face));
                size = Math.max(face.box().width(), face.box().height());
                float[] batch = new float[2 * n * 3 * CROP_SIZE * CROP_SIZE];
                for (int b = 0; b < n; b++) {
                    LowerFaceBlanking blanking = views.get(b).blanking();
                    BgrImage painted =
                            blanking == null
                                    ? canvas.canvas()
                                    : blanking.apply(canvas.canvas(), face);
                    views.get(b).crop().write(painted, face.box(), batch, 2 * b);
                    FeatureHead.mirror(batch, CROP_SIZE, 2 * b, 2 * b + 1);
                }
                Map<String, float[]> a =
                        ag.run("input", batch, new long[] {2L * n, 3, CROP_SIZE, CROP_SIZE});
                float[] all = a.get("features");
                float[] gender = a.get("gender");
                for (int b = 0; b < n; b++) {
                    for (int f = 0; f < 512; f++) {
                        features[b * 512 + f] =
                                (all[2 * b * 512 + f] + all[(2 * b + 1) * 512 + f]) / 2;
                    }
                    female[b] = (gender[4 * b + 1] + gender[4 * b + 3]) / 2;
                }
            }
            StringBuilder line = new StringBuilder();
            for (String c :
                    List.of("file", "sex", "age", "race", "identity", "masked", "label_source")) {
                line.append(row.getOrDefault(c, "").replace('\t', ' ')).append('\t');
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
}
