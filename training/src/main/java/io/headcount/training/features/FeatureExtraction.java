package io.headcount.training.features;

import io.headcount.training.augment.MaskAugmenter;
import io.headcount.training.augment.MaskedFace;
import io.headcount.training.augment.Seeds;
import io.headcount.training.files.Images;
import io.headcount.vision.eval.ManifestCsv;
import io.headcount.vision.frame.BgrImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs the backbone over the faces of data manifests: each original image, and for sets that ask
 * for it {@code variants} synthetic masks on the same face (drawn with the landmarks of the
 * original, then detected again, as a camera would see the masked face). Every row gives samples,
 * found or not, so nothing is dropped unnoticed.
 */
public final class FeatureExtraction {

    /**
     * A data set to extract.
     *
     * @param name short name, e.g. {@code utkface}
     * @param manifest its manifest.csv
     * @param root folder the manifest's files are relative to
     * @param rows which rows to use
     * @param maskVariants synthetic masks per face (0 = originals only)
     */
    public record Source(
            String name,
            Path manifest,
            Path root,
            Predicate<Map<String, String>> rows,
            int maskVariants) {

        /** The rows of this source that {@code side} also takes, as a set of its own. */
        public Source part(String name, Predicate<Map<String, String>> side) {
            return new Source(name, manifest, root, rows.and(side), maskVariants);
        }
    }

    private final FaceAnalyzer analyzer;
    private final MaskAugmenter augmenter;
    private final long seed;

    public FeatureExtraction(FaceAnalyzer analyzer, MaskAugmenter augmenter, long seed) {
        this.analyzer = analyzer;
        this.augmenter = augmenter;
        this.seed = seed;
    }

    public List<Sample> extract(Source source, Consumer<String> progress) throws IOException {
        List<Map<String, String>> rows =
                ManifestCsv.read(source.manifest()).stream().filter(source.rows()).toList();
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        long lastReport = start;
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            String file = row.get("file");
            BgrImage image = Images.read(source.root().resolve(file));
            FaceAnalyzer.Analysis original = image == null ? null : analyzer.analyze(image);
            samples.add(sample(source, row, "original", row.getOrDefault("masked", ""), original));
            for (int k = 0; k < source.maskVariants(); k++) {
                FaceAnalyzer.Analysis masked = null;
                if (original != null) {
                    MaskedFace face =
                            augmenter.apply(image, original.face(), Seeds.random(seed, file, k));
                    masked = analyzer.analyze(face.image());
                }
                samples.add(sample(source, row, "mask" + k, "synthetic", masked));
            }
            long now = System.nanoTime();
            if (now - lastReport > 15_000_000_000L || i + 1 == rows.size()) {
                lastReport = now;
                progress.accept(
                        String.format(
                                Locale.ROOT,
                                "features %s: %d/%d images, %.1f images/s",
                                source.name(),
                                i + 1,
                                rows.size(),
                                (i + 1) / ((now - start) / 1e9)));
            }
        }
        return samples;
    }

    private static Sample sample(
            Source source,
            Map<String, String> row,
            String variant,
            String masked,
            FaceAnalyzer.Analysis analysis) {
        String identity = row.getOrDefault("identity", "");
        String race = row.getOrDefault("race", "");
        return new Sample(
                row.get("file"),
                variant,
                source.name(),
                row.getOrDefault("sex", ""),
                ageGroup(row.getOrDefault("age_group", "")),
                race.equals("unknown") ? "" : race,
                identity.isBlank() || identity.equals("unknown") ? row.get("file") : identity,
                masked,
                analysis != null,
                analysis != null && analysis.usable(),
                analysis == null ? Float.NaN : analysis.female(),
                analysis == null ? new float[0] : analysis.features(),
                analysis == null ? new float[0] : analysis.viewFeatures());
    }

    /** The product's bins: the data's 0-2 and 3-12 merge into 0-12. */
    static String ageGroup(String group) {
        return group.equals("0-2") || group.equals("3-12") ? "0-12" : group;
    }
}
