package io.headcount.training.experiments;

import io.headcount.core.Assets;
import io.headcount.training.augment.MaskAugmenter;
import io.headcount.training.augment.MaskTemplates;
import io.headcount.training.features.CachedExtraction;
import io.headcount.training.features.FaceAnalyzer;
import io.headcount.training.features.FeatureExtraction;
import io.headcount.training.features.Sample;
import io.headcount.training.train.SexHeadTraining;
import io.headcount.vision.eval.Evaluation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The experiment behind {@code SexHead.CROP_MARGIN}: FaceRes's own sex output on the validation
 * sets of {@link SexHeadTraining} (rof_masked_dev, UTK validation original and synthetic-masked) at
 * several margins of the stretched crop; balanced accuracy over all and over the most confident 70
 * %. Validation data only. Run: {@code java -cp ... FaceResCropMargin OUT_DIR CACHE_DIR
 * [margins...]}.
 */
public final class FaceResCropMargin {

    private FaceResCropMargin() {}

    public static void main(String[] args) throws IOException {
        Assets assets = Assets.fromEnvironment();
        Path out = Path.of(args[0]);
        long seed = 20261128L;
        for (int m = 2; m < args.length; m++) {
            float margin = Float.parseFloat(args[m]);
            SexHeadTraining training =
                    new SexHeadTraining(
                            new SexHeadTraining.Options(
                                    assets.data(),
                                    assets.models(),
                                    assets.data().resolve("mask-templates/maskthface"),
                                    out,
                                    Path.of(args[1]),
                                    seed,
                                    Evaluation.DEFAULT_PADDING,
                                    margin,
                                    1,
                                    false));
            try (FaceAnalyzer analyzer =
                    FaceAnalyzer.openFaceRes(assets.models(), Evaluation.DEFAULT_PADDING, margin)) {
                CachedExtraction extraction =
                        new CachedExtraction(
                                Path.of(args[1]),
                                new FeatureExtraction(
                                        analyzer,
                                        new MaskAugmenter(
                                                MaskTemplates.load(
                                                        assets.data()
                                                                .resolve(
                                                                        "mask-templates/maskthface"))),
                                        seed),
                                SexHeadTraining.cacheKey(
                                        seed, Evaluation.DEFAULT_PADDING, analyzer));
                Map<String, List<Sample>> sets = new LinkedHashMap<>();
                for (FeatureExtraction.Source source :
                        SexHeadTraining.validationSources(training)) {
                    sets.put(source.name(), extraction.samples(source, System.err::println));
                }
                for (Map.Entry<String, List<Sample>> set :
                        SexHeadTraining.validationSets(sets).entrySet()) {
                    SexHeadTraining.Balanced own =
                            SexHeadTraining.Balanced.of(
                                    set.getValue(),
                                    Sample::baselineFemale,
                                    s -> s.sex().equals("female"));
                    System.out.printf(
                            Locale.ROOT,
                            "margin %.2f %-34s n=%4d balanced all %.3f top70 %.3f%n",
                            margin,
                            set.getKey(),
                            set.getValue().size(),
                            (own.men().accuracy(0) + own.women().accuracy(0)) / 2,
                            own.balancedTop70());
                }
            }
        }
    }
}
