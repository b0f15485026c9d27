package io.headcount.training.experiments;

import io.headcount.core.Assets;
import io.headcount.training.augment.MaskAugmenter;
import io.headcount.training.augment.MaskTemplates;
import io.headcount.training.features.CachedExtraction;
import io.headcount.training.features.FaceAnalyzer;
import io.headcount.training.features.FeatureExtraction;
import io.headcount.training.train.SexHeadTraining;
import io.headcount.vision.eval.Evaluation;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The face-api half of the head over both backbones (issue 19 item 3): face-api's 512-d {@code
 * features} (its square crop, scale 1.0) for the training and validation sets of {@link
 * SexHeadTraining} (never the test sets), with the same seed and the same synthetic masks as
 * train-head's FaceRes caches. Both backbones share YuNet and the padding, so a face's box, its
 * mask and its quality gate are the same; the rows pair with the FaceRes cache's by file and
 * variant. Written in train-head's cache format to OUT_CACHE (a folder apart from the FaceRes
 * cache: the set names are the same). Analysis: {@code src/test/python/both_backbones.py}. Run:
 * {@code java -cp ... BothBackbonesFeatures OUT_CACHE}.
 */
public final class BothBackbonesFeatures {

    private BothBackbonesFeatures() {}

    public static void main(String[] args) throws IOException {
        Assets assets = Assets.fromEnvironment();
        Path cache = Path.of(args[0]);
        long seed = 20261128L;
        Path templates = assets.data().resolve("mask-templates/maskthface");
        SexHeadTraining training =
                new SexHeadTraining(
                        new SexHeadTraining.Options(
                                assets.data(),
                                assets.models(),
                                templates,
                                cache,
                                cache,
                                seed,
                                Evaluation.DEFAULT_PADDING,
                                0.1f,
                                1,
                                false));
        try (FaceAnalyzer faceApi =
                FaceAnalyzer.open(assets.models(), Evaluation.DEFAULT_PADDING, 1f)) {
            CachedExtraction extraction =
                    new CachedExtraction(
                            cache,
                            new FeatureExtraction(
                                    faceApi,
                                    new MaskAugmenter(MaskTemplates.load(templates)),
                                    seed),
                            SexHeadTraining.cacheKey(seed, Evaluation.DEFAULT_PADDING, faceApi));
            for (FeatureExtraction.Source source : SexHeadTraining.allSources(training, false)) {
                extraction.samples(source, System.err::println);
            }
        }
    }
}
