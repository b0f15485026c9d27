package io.headcount.training.experiments;

import io.headcount.core.Assets;
import io.headcount.training.augment.MaskAugmenter;
import io.headcount.training.augment.MaskTemplates;
import io.headcount.training.augment.MaskedFace;
import io.headcount.training.augment.Seeds;
import io.headcount.training.features.FaceAnalyzer;
import io.headcount.training.files.Images;
import io.headcount.training.train.Split;
import io.headcount.vision.eval.Evaluation;
import io.headcount.vision.eval.ManifestCsv;
import io.headcount.vision.frame.BgrImage;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The experiment behind the hierarchical age groups (issue 19 item 4, children): the UTK faces
 * under 20 that train-head leaves out, on the same file splits as its adults ({@code Split} with
 * the train-head seed: {@code validation} = training side minus the inner fit part, {@code test} =
 * test side, {@code fit} = the inner fit part sampled as train-head samples it), originals and one
 * synthetic mask (train-head's masks). Per set {@code young_SET.csv} (file, variant, true age,
 * face-api detected/usable/age, FaceRes detected/usable) beside {@code young_SET.feats256.f32}
 * (FaceRes {@code feats256}, raw big-endian floats, zeros where no face). With the adults' caches
 * of train-head this gives both backbones' answers on UTK of every age. Run: {@code java -cp ...
 * YoungAgeFeatures OUT_DIR [SET...]} (default validation test fit).
 */
public final class YoungAgeFeatures {

    /** Below this age UTK faces are not in train-head's sets. */
    private static final int ADULT_AGE = 20;

    private YoungAgeFeatures() {}

    public static void main(String[] args) throws IOException {
        Assets assets = Assets.fromEnvironment();
        Path out = Path.of(args[0]);
        List<String> wanted =
                args.length > 1
                        ? List.of(args).subList(1, args.length)
                        : List.of("validation", "test", "fit");
        long seed = 20261128L;
        Split outer = new Split(seed, 0.8);
        Split inner = outer.inner();
        Split fitSample = new Split(seed + 1, 0.4);
        Map<String, Predicate<String>> sides = new LinkedHashMap<>();
        sides.put("validation", f -> outer.isTrain(f) && !inner.isTrain(f));
        sides.put("test", f -> !outer.isTrain(f));
        sides.put("fit", f -> outer.isTrain(f) && inner.isTrain(f) && fitSample.isTrain(f));
        Path manifest = assets.data().resolve("faces-sex/utkface_crop_part1/manifest.csv");
        Path templates = assets.data().resolve("mask-templates/maskthface");
        MaskAugmenter augmenter = new MaskAugmenter(MaskTemplates.load(templates));
        Files.createDirectories(out);
        try (FaceAnalyzer faceApi =
                        FaceAnalyzer.open(assets.models(), Evaluation.DEFAULT_PADDING, 1f);
                FaceAnalyzer faceRes =
                        FaceAnalyzer.openFaceRes(
                                assets.models(), Evaluation.DEFAULT_PADDING, 0.1f)) {
            for (String side : wanted) {
                Predicate<String> inSide = sides.get(side);
                List<Map<String, String>> rows =
                        ManifestCsv.read(manifest).stream()
                                .filter(r -> age(r) >= 0 && age(r) < ADULT_AGE)
                                .filter(r -> inSide.test(r.get("file")))
                                .toList();
                String name = "young_" + side;
                try (Writer csv = Files.newBufferedWriter(out.resolve(name + ".csv"));
                        DataOutputStream feats =
                                new DataOutputStream(
                                        new BufferedOutputStream(
                                                Files.newOutputStream(
                                                        out.resolve(name + ".feats256.f32"))))) {
                    csv.write(
                            "file,variant,age,detected,usable,faceapi_age,faceres_detected,"
                                    + "faceres_usable\n");
                    long start = System.nanoTime();
                    for (int i = 0; i < rows.size(); i++) {
                        String file = rows.get(i).get("file");
                        BgrImage image = Images.read(assets.data().resolve(file));
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
                                            "%s,%s,%s,%b,%b,%.3f,%b,%b%n",
                                            file,
                                            variant,
                                            rows.get(i).get("age"),
                                            api != null,
                                            api != null && api.usable(),
                                            api == null ? Float.NaN : api.age(),
                                            res != null,
                                            res != null && res.usable()));
                            float[] values = res == null ? null : res.features();
                            for (int k = 0; k < 256; k++) {
                                feats.writeFloat(values == null ? 0 : values[k]);
                            }
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

    private static int age(Map<String, String> row) {
        try {
            return Integer.parseInt(row.getOrDefault("age", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
