package io.headcount.training.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headcount.core.FileDigests;
import io.headcount.testkit.SharedAssets;
import io.headcount.training.augment.MaskAugmenter;
import io.headcount.training.augment.MaskTemplates;
import io.headcount.training.features.FaceAnalyzer;
import io.headcount.training.features.FeatureExtraction;
import io.headcount.training.features.Sample;
import io.headcount.training.files.Images;
import io.headcount.vision.attributes.FaceDescriber;
import io.headcount.vision.attributes.FaceDescription;
import io.headcount.vision.attributes.FeatureHead;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.onnx.ModelSpec;
import io.headcount.vision.onnx.OnnxModel;
import io.headcount.vision.onnx.OnnxSettings;
import io.headcount.vision.settings.AttributeOptions;
import io.headcount.vision.settings.FaceAnalysisOptions;
import io.headcount.vision.settings.ModelOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains small heads on real features of a few dozen faces (originals and synthetic masks): the
 * training is deterministic for a seed, the exported ONNX computes what the Java model computes,
 * and the model set it writes makes the job's attribute heads answer differently.
 */
class HeadTrainingTest {

    private static final long SEED = 42;

    private static Path data;
    private static Path models;
    private static Map<String, List<Sample>> sets;

    @TempDir Path work;

    @BeforeAll
    static void extract() throws IOException {
        models = SharedAssets.model("attr_agegender_faceapi_112x112.onnx").getParent();
        data = SharedAssets.data("faces-sex/utkface_crop_part1").getParent().getParent();
        try (FaceAnalyzer analyzer = FaceAnalyzer.open(models, 0.5f, 1.0f, true)) {
            FeatureExtraction extraction =
                    new FeatureExtraction(
                            analyzer,
                            new MaskAugmenter(
                                    MaskTemplates.load(data.resolve("mask-templates/maskthface"))),
                            SEED);
            sets = new LinkedHashMap<>();
            sets.put(
                    DataSets.UTKFACE,
                    extraction.extract(first(DataSets.utkface(data, 1), 48), line -> {}));
            sets.put(
                    DataSets.MASKED_REAL,
                    extraction.extract(first(DataSets.masked(data), 8), line -> {}));
            sets.put(
                    DataSets.RMFD_CELEB,
                    extraction.extract(first(DataSets.celeb(data, 1), 8), line -> {}));
        }
    }

    @Test
    void theSameSeedTrainsTheSameHeadsAndAnotherSeedOtherOnes() throws IOException {
        HeadTraining.Result first = train(work.resolve("a"), SEED);
        HeadTraining.Result again = train(work.resolve("b"), SEED);
        HeadTraining.Result other = train(work.resolve("c"), SEED + 1);

        assertThat(Files.readAllBytes(again.sexHead()))
                .isEqualTo(Files.readAllBytes(first.sexHead()));
        assertThat(Files.readAllBytes(again.maskHead()))
                .isEqualTo(Files.readAllBytes(first.maskHead()));
        assertThat(Files.readAllBytes(other.sexHead()))
                .isNotEqualTo(Files.readAllBytes(first.sexHead()));
        assertThat(first.report()).containsKeys("sex", "mask");
        assertThat(Files.readString(work.resolve("a").resolve(HeadTraining.MODEL_CARD_FILE)))
                .contains("## Data", "## Training", "utkface_adults_synthetic_masked", "baseline");
    }

    @Test
    void theExportedOnnxHeadComputesWhatTheJavaModelComputes() {
        List<Sample> rows = sets.get(DataSets.UTKFACE).stream().filter(Sample::answerable).toList();
        LinearModel model = HeadTrainer.fit(rows, s -> s.sex().equals("female"), 0.1);
        byte[] bytes =
                OnnxHeadWriter.bytes(
                        model, "test_head", List.of("male", "female"), Map.of("version", "t"));
        Path file = work.resolve("head.onnx");
        write(file, bytes);
        ModelSpec spec =
                new ModelSpec(
                        "test-head",
                        "head.onnx",
                        FileDigests.sha256(bytes),
                        List.of(OnnxHeadWriter.INPUT),
                        List.of(OnnxHeadWriter.OUTPUT));
        try (OnnxModel onnx = OnnxModel.load(spec, work, OnnxSettings.defaults())) {
            int n = Math.min(10, rows.size());
            float[] batch = new float[n * 512];
            for (int i = 0; i < n; i++) {
                System.arraycopy(rows.get(i).features(), 0, batch, i * 512, 512);
            }
            float[] p =
                    onnx.run(OnnxHeadWriter.INPUT, batch, new long[] {n, 512})
                            .get(OnnxHeadWriter.OUTPUT);
            for (int i = 0; i < n; i++) {
                double expected = model.probability(rows.get(i).features());
                assertThat((double) p[2 * i + 1]).isCloseTo(expected, within(1e-4));
                assertThat((double) p[2 * i] + p[2 * i + 1]).isCloseTo(1.0, within(1e-5));
            }
        }
    }

    @Test
    void aTrainedHeadLoadsInTheJobsAttributeHeadsByConfigurationAndChangesTheirOutput()
            throws IOException {
        HeadTraining.Result result = train(work.resolve("heads"), SEED);
        FaceAnalysisOptions defaults =
                FaceAnalysisOptions.fromMap(
                        Map.of(
                                ModelOptions.MODELS_DIR,
                                models.toString(),
                                AttributeOptions.ATTRIBUTE_HEADS,
                                "sex-age"));
        FaceAnalysisOptions trained =
                FaceAnalysisOptions.fromMap(
                        Map.of(
                                ModelOptions.MODELS_DIR, models.toString(),
                                AttributeOptions.ATTRIBUTE_HEADS, "sex-age",
                                ModelOptions.MODELS_MANIFEST, result.manifest().toString()));
        Sample sample =
                sets.get(DataSets.UTKFACE).stream()
                        .filter(Sample::answerable)
                        .findFirst()
                        .orElseThrow();
        BgrImage image = Images.read(data.resolve(sample.file()));
        DetectedFace face;
        try (FaceAnalyzer analyzer = FaceAnalyzer.open(models, 0f, 1.0f)) {
            face = analyzer.detect(image);
        }
        try (FaceDescriber plain = FaceDescriber.open(defaults.attributes());
                FaceDescriber withHeads = FaceDescriber.open(trained.attributes())) {
            FaceDescription before = plain.describe(image, new DetectedFace[] {face})[0];
            FaceDescription after = withHeads.describe(image, new DetectedFace[] {face})[0];
            assertThat(before.masked()).isNull();
            assertThat(after.masked()).isNotNull().isBetween(0f, 1f);
            assertThat(after.female()).isNotEqualTo(before.female());
            assertThat(withHeads.modelVersions().get("sex-age"))
                    .contains("+headcount-sex-linear@", "+headcount-mask-linear@");
            assertThat(trained.attributes().manifest().modelSet()).startsWith("trained-heads-");
        }
    }

    @Test
    void aViewsHeadGetsTheMeanFeaturesOfTheViewsInTheJobAsInTraining() throws IOException {
        HeadTraining.Result result = train(work.resolve("views"), SEED, true);
        assertThat(Files.readString(result.manifest()))
                .contains(FeatureHead.normalisationFor(1.0f, true), "headcount-sex-linear-views");
        FaceAnalysisOptions trained =
                FaceAnalysisOptions.fromMap(
                        Map.of(
                                ModelOptions.MODELS_DIR, models.toString(),
                                AttributeOptions.ATTRIBUTE_HEADS, "sex-age",
                                ModelOptions.MODELS_MANIFEST, result.manifest().toString()));
        byte[] bytes = Files.readAllBytes(result.sexHead());
        ModelSpec spec =
                new ModelSpec(
                        "views-head",
                        result.sexHead().getFileName().toString(),
                        FileDigests.sha256(bytes),
                        List.of(OnnxHeadWriter.INPUT),
                        List.of(OnnxHeadWriter.OUTPUT));
        try (FaceAnalyzer analyzer = FaceAnalyzer.open(models, 0f, 1.0f, true);
                FaceDescriber withHeads = FaceDescriber.open(trained.attributes());
                OnnxModel head =
                        OnnxModel.load(
                                spec, result.sexHead().getParent(), OnnxSettings.defaults())) {
            int checked = 0;
            int distinguishable = 0;
            for (Sample sample : sets.get(DataSets.UTKFACE)) {
                if (!sample.answerable() || !sample.variant().equals("original") || checked == 8) {
                    continue;
                }
                BgrImage image = Images.read(data.resolve(sample.file()));
                FaceAnalyzer.Analysis analysis = analyzer.analyze(image);
                FaceDescription described =
                        withHeads.describe(image, new DetectedFace[] {analysis.face()})[0];
                float onViews = female(head, analysis.viewFeatures());
                float onOneCrop = female(head, analysis.features());
                assertThat(described.female()).isCloseTo(onViews, within(1e-4f));
                // Confident answers saturate; the faces where the views change p show which ran.
                if (Math.abs(onViews - onOneCrop) > 1e-3f) {
                    distinguishable++;
                }
                checked++;
            }
            assertThat(checked).isEqualTo(8);
            assertThat(distinguishable).isPositive();
        }
    }

    private static float female(OnnxModel head, float[] features) {
        return head.run(OnnxHeadWriter.INPUT, features, new long[] {1, 512})
                .get(OnnxHeadWriter.OUTPUT)[1];
    }

    private static HeadTraining.Result train(Path out, long seed) throws IOException {
        return train(out, seed, false);
    }

    private static HeadTraining.Result train(Path out, long seed, boolean views)
            throws IOException {
        HeadTraining.Options options =
                new HeadTraining.Options(
                        data,
                        models,
                        data.resolve("mask-templates/maskthface"),
                        out,
                        out.resolve("cache"),
                        seed,
                        1.0f,
                        0.5f,
                        1,
                        0.75,
                        new double[] {0.01, 0.1},
                        views);
        return new HeadTraining(options).train(sets, "test backbone", line -> {});
    }

    /** The first {@code count} rows the source would use. */
    private static FeatureExtraction.Source first(FeatureExtraction.Source source, int count) {
        AtomicInteger taken = new AtomicInteger();
        Predicate<Map<String, String>> rows =
                row -> source.rows().test(row) && taken.getAndIncrement() < count;
        return new FeatureExtraction.Source(
                source.name(), source.manifest(), source.root(), rows, source.maskVariants());
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
