package io.headcount.training.experiments;

import io.headcount.core.Assets;
import io.headcount.training.augment.MaskAugmenter;
import io.headcount.training.augment.MaskTemplates;
import io.headcount.training.augment.MaskedFace;
import io.headcount.training.augment.Seeds;
import io.headcount.training.features.FaceAnalyzer;
import io.headcount.training.features.FeatureExtraction;
import io.headcount.training.files.Images;
import io.headcount.training.train.SexHeadTraining;
import io.headcount.vision.eval.Evaluation;
import io.headcount.vision.eval.ManifestCsv;
import io.headcount.vision.frame.BgrImage;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The experiment behind the age-group choice (issue 19 item 4): for the UTK sets of {@link
 * SexHeadTraining} (fit, validation, and with {@code test} the test side), originals and one
 * synthetic mask (the same masks as train-head), the backbones' own age answers and face-api's
 * 512-d features: {@code NAME.csv} (set, file, variant, true age, detected, usable, face-api age,
 * FaceRes expected age) beside {@code NAME.faceapi.f32} and {@code NAME.faceres-age.f32} (raw
 * big-endian floats, 512 and 100 per row, zeros where no face). FaceRes's 100 age bins are written
 * for every set processed (the fit part's for a calibration fitted on the training side). Run:
 * {@code java -cp ... AgeFeatures OUT_DIR [test] [utk_fit] [utk_validation] [utk_test]}: with set
 * names, only those sets ({@code utk_test} needs {@code test}).
 */
public final class AgeFeatures {

    private AgeFeatures() {}

    public static void main(String[] args) throws IOException {
        Assets assets = Assets.fromEnvironment();
        Path out = Path.of(args[0]);
        List<String> options = List.of(args).subList(1, args.length);
        boolean test = options.contains("test");
        List<String> only = options.stream().filter(o -> o.startsWith("utk_")).toList();
        long seed = 20261128L;
        Path templates = assets.data().resolve("mask-templates/maskthface");
        SexHeadTraining training =
                new SexHeadTraining(
                        new SexHeadTraining.Options(
                                assets.data(),
                                assets.models(),
                                templates,
                                out,
                                out,
                                seed,
                                Evaluation.DEFAULT_PADDING,
                                0.1f,
                                1,
                                test));
        MaskAugmenter augmenter = new MaskAugmenter(MaskTemplates.load(templates));
        Files.createDirectories(out);
        try (FaceAnalyzer faceApi =
                        FaceAnalyzer.open(assets.models(), Evaluation.DEFAULT_PADDING, 1f);
                FaceAnalyzer faceRes =
                        FaceAnalyzer.openFaceRes(
                                assets.models(), Evaluation.DEFAULT_PADDING, 0.1f)) {
            for (FeatureExtraction.Source source : SexHeadTraining.allSources(training, test)) {
                if (!source.name().startsWith("faceres_utk")) {
                    continue;
                }
                String name = source.name().replace("faceres_", "");
                if (!only.isEmpty() && !only.contains(name)) {
                    continue;
                }
                List<Map<String, String>> rows =
                        ManifestCsv.read(source.manifest()).stream().filter(source.rows()).toList();
                try (Writer csv = Files.newBufferedWriter(out.resolve(name + ".csv"));
                        DataOutputStream apiFeatures =
                                new DataOutputStream(
                                        new BufferedOutputStream(
                                                Files.newOutputStream(
                                                        out.resolve(name + ".faceapi.f32"))));
                        DataOutputStream resAges =
                                new DataOutputStream(
                                        new BufferedOutputStream(
                                                Files.newOutputStream(
                                                        out.resolve(name + ".faceres-age.f32"))))) {
                    csv.write(
                            "file,variant,age,detected,usable,faceapi_age,faceres_detected,"
                                    + "faceres_usable,faceres_age\n");
                    long start = System.nanoTime();
                    for (int i = 0; i < rows.size(); i++) {
                        String file = rows.get(i).get("file");
                        BgrImage image = Images.read(source.root().resolve(file));
                        FaceAnalyzer.Analysis original =
                                image == null ? null : faceApi.analyze(image);
                        BgrImage masked = null;
                        if (original != null) {
                            MaskedFace face =
                                    augmenter.apply(
                                            image, original.face(), Seeds.random(seed, file, 0));
                            masked = face.image();
                        }
                        for (String variant : List.of("original", "mask0")) {
                            BgrImage shown = variant.equals("original") ? image : masked;
                            FaceAnalyzer.Analysis api =
                                    shown == null
                                            ? null
                                            : variant.equals("original")
                                                    ? original
                                                    : faceApi.analyze(shown);
                            FaceAnalyzer.Analysis res =
                                    shown == null ? null : faceRes.analyze(shown);
                            csv.write(
                                    String.format(
                                            Locale.ROOT,
                                            "%s,%s,%s,%b,%b,%.3f,%b,%b,%.3f%n",
                                            file,
                                            variant,
                                            rows.get(i).get("age"),
                                            api != null,
                                            api != null && api.usable(),
                                            api == null ? Float.NaN : api.age(),
                                            res != null,
                                            res != null && res.usable(),
                                            res == null ? Float.NaN : res.age()));
                            write(apiFeatures, api == null ? null : api.features(), 512);
                            write(resAges, res == null ? null : res.ageProbabilities(), 100);
                        }
                        if ((i + 1) % 100 == 0) {
                            System.err.printf(
                                    Locale.ROOT,
                                    "%s: %d/%d, %.1f faces/s%n",
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

    private static void write(DataOutputStream out, float[] values, int width) throws IOException {
        for (int i = 0; i < width; i++) {
            out.writeFloat(values == null ? 0 : values[i]);
        }
    }
}
