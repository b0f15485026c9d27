package io.headcount.training.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Feature extraction with one cache file per data set under a folder: a set is extracted once per
 * seed, crop scale, padding and variant count, and read back from the cache afterwards.
 */
public final class CachedExtraction {

    private final Path cacheDir;
    private final FeatureExtraction extraction;
    private final String settings;

    public CachedExtraction(
            Path cacheDir,
            FeatureExtraction extraction,
            long seed,
            float cropScale,
            float padding,
            boolean views) {
        this.cacheDir = cacheDir;
        this.extraction = extraction;
        this.settings =
                String.format(
                        Locale.ROOT,
                        "seed=%d crop=%.2f padding=%.2f views=%b",
                        seed,
                        cropScale,
                        padding,
                        views);
    }

    /**
     * A cache keyed by {@code settings}: everything besides the data set the features depend on.
     */
    public CachedExtraction(Path cacheDir, FeatureExtraction extraction, String settings) {
        this.cacheDir = cacheDir;
        this.extraction = extraction;
        this.settings = settings;
    }

    public List<Sample> samples(FeatureExtraction.Source source, Consumer<String> progress)
            throws IOException {
        String key =
                String.format(
                        Locale.ROOT,
                        "v2 %s %s variants=%d %s",
                        source.name(),
                        source.manifest().toAbsolutePath().normalize(),
                        source.maskVariants(),
                        settings);
        Path file =
                cacheDir.resolve(
                        String.format(
                                Locale.ROOT, "%s-%08x.features", source.name(), key.hashCode()));
        List<Sample> cached = FeatureCache.read(file, key);
        if (cached != null) {
            progress.accept("features " + source.name() + ": " + cached.size() + " from " + file);
            return cached;
        }
        List<Sample> samples = extraction.extract(source, progress);
        FeatureCache.write(file, key, samples);
        progress.accept("features " + source.name() + ": cached in " + file);
        return samples;
    }
}
