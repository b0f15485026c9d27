package io.headcount.training.train;

import io.headcount.core.FileDigests;
import io.headcount.training.augment.MaskAugmenter;
import io.headcount.training.augment.MaskTemplates;
import io.headcount.training.features.CachedExtraction;
import io.headcount.training.features.FaceAnalyzer;
import io.headcount.training.features.FeatureExtraction;
import io.headcount.training.features.Sample;
import io.headcount.vision.attributes.FeatureHead;
import io.headcount.vision.eval.ReportJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The core of {@code headcount train-head}: backbone features of the original and synthetically
 * masked faces ({@link DataSets}), linear heads for sex and for mask trained on the training side
 * of a split by identity, each exported as a versioned ONNX model with a model card, a model set
 * manifest that declares them (for {@code models.manifest}), and a report of face-api's own sex
 * answers against the trained head on every test set at each threshold.
 */
public final class HeadTraining {

    public static final String SEX_HEAD_FILE = "sex-head.onnx";
    public static final String MASK_HEAD_FILE = "mask-head.onnx";
    public static final String MANIFEST_FILE = "manifest.yaml";
    public static final String MODEL_CARD_FILE = "model-card.md";
    public static final String REPORT_FILE = "report.json";

    /**
     * The penalties the validation chooses from for the sex head, which is pulled towards
     * face-api's own sex layer.
     */
    public static final double[] DEFAULT_LAMBDAS = {0.03, 0.1, 0.3};

    /** The L2 penalties (towards zero) the validation chooses from for the mask head. */
    static final double[] MASK_LAMBDAS = {1e-3, 1e-2, 1e-1};

    /**
     * @param data shared/data
     * @param models shared/models
     * @param templates the mask templates folder (masks.cfg)
     * @param out where the heads, manifest, model card and report go
     * @param cache folder of the feature cache files
     * @param seed seeds the masks and the split
     * @param cropScale crop side as a multiple of the box (the job's attributes.crop-scale)
     * @param padding grey border around pre-cropped images (as headcount eval)
     * @param maskVariants synthetic masks per training face
     * @param trainShare share of identities on the training side
     * @param lambdas L2 penalties to choose from (one = no choice)
     * @param views train the sex head on the mean features of the views (test-time augmentation,
     *     {@code FeatureHead.VIEW_SCALES} mirrored); the job then computes the same mean
     */
    public record Options(
            Path data,
            Path models,
            Path templates,
            Path out,
            Path cache,
            long seed,
            float cropScale,
            float padding,
            int maskVariants,
            double trainShare,
            double[] lambdas,
            boolean views) {}

    /** What a run produced. */
    public record Result(Path sexHead, Path maskHead, Path manifest, Map<String, Object> report) {}

    private final Options options;

    public HeadTraining(Options options) {
        this.options = options;
    }

    public Result run(Consumer<String> progress) throws IOException {
        Map<String, List<Sample>> sets = new LinkedHashMap<>();
        String backbone;
        try (FaceAnalyzer analyzer =
                FaceAnalyzer.open(
                        options.models(),
                        options.padding(),
                        options.cropScale(),
                        options.views())) {
            backbone = analyzer.version();
            MaskAugmenter augmenter = new MaskAugmenter(MaskTemplates.load(options.templates()));
            CachedExtraction extraction =
                    new CachedExtraction(
                            options.cache(),
                            new FeatureExtraction(analyzer, augmenter, options.seed()),
                            options.seed(),
                            options.cropScale(),
                            options.padding(),
                            options.views());
            for (FeatureExtraction.Source source :
                    DataSets.all(options.data(), options.maskVariants())) {
                sets.put(source.name(), extraction.samples(source, progress));
            }
        }
        return train(sets, backbone, progress);
    }

    /** Training, export and report from extracted samples (the data sets by name). */
    public Result train(Map<String, List<Sample>> sets, String backbone, Consumer<String> progress)
            throws IOException {
        Split split = new Split(options.seed(), options.trainShare());
        List<Sample> utk = sets.get(DataSets.UTKFACE);
        List<Sample> celeb = sets.get(DataSets.RMFD_CELEB);
        List<Sample> train =
                utk.stream()
                        .filter(s -> split.isTrain(s.identity()) && s.answerable() && s.hasSex())
                        .toList();
        List<Sample> test = utk.stream().filter(s -> !split.isTrain(s.identity())).toList();
        List<Sample> maskTrain = new ArrayList<>(train);
        celeb.stream()
                .filter(s -> split.isTrain(s.identity()) && s.answerable())
                .forEach(maskTrain::add);
        List<Sample> celebTest = celeb.stream().filter(s -> !split.isTrain(s.identity())).toList();
        Predicate<Sample> female = s -> s.sex().equals("female");
        Predicate<Sample> masked = Sample::isMasked;

        // face-api's own sex layer, recovered from its answers: the sex head is pulled towards it.
        LinearModel prior = PriorHead.sexLayer(train);
        // A views head starts from the same prior: the views' mean lives in the same feature space.
        List<Sample> sexTrain =
                options.views() ? train.stream().map(Sample::asViews).toList() : train;
        progress.accept(
                "train-head: sex head on "
                        + train.size()
                        + " faces"
                        + (options.views() ? " (mean of the views)" : ""));
        HeadTrainer.Trained sex =
                HeadTrainer.train(sexTrain, female, split, options.lambdas(), prior, progress);
        ToDoubleFunction<Sample> sexProbability =
                options.views()
                        ? s -> sex.model().probability(s.viewFeatures())
                        : probability(sex.model());
        progress.accept("train-head: mask head on " + maskTrain.size() + " faces");
        HeadTrainer.Trained mask =
                HeadTrainer.train(maskTrain, masked, split, MASK_LAMBDAS, null, progress);

        // The sex head never saw RMFD: all of it is a test set; the mask head only its test side.
        Map<String, List<Sample>> sexTests = new LinkedHashMap<>();
        sexTests.put("utkface_adults_unmasked", only(test, "original"));
        sexTests.put("utkface_adults_synthetic_masked", synthetic(test));
        sexTests.put("masked_real_251", sets.get(DataSets.MASKED_REAL));
        sexTests.put("rmfd_celeb_unmasked", only(celeb, "original"));
        sexTests.put("rmfd_celeb_synthetic_masked", synthetic(celeb));
        Map<String, List<Sample>> maskTests = new LinkedHashMap<>();
        maskTests.put("utkface_adults_unmasked", only(test, "original"));
        maskTests.put("utkface_adults_synthetic_masked", synthetic(test));
        maskTests.put("masked_real_251", sets.get(DataSets.MASKED_REAL));
        maskTests.put("rmfd_celeb_test_unmasked", only(celebTest, "original"));
        maskTests.put("rmfd_celeb_test_synthetic_masked", synthetic(celebTest));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("seed", options.seed());
        report.put("crop_scale", (double) options.cropScale());
        report.put("padding", (double) options.padding());
        report.put("backbone", backbone);
        report.put("sex_train_faces", train.size());
        report.put("mask_train_faces", maskTrain.size());
        report.put("sex_views", options.views());
        report.put("sex_lambda", sex.lambda());
        report.put("mask_lambda", mask.lambda());
        Map<String, Object> sexReport = new LinkedHashMap<>();
        for (Map.Entry<String, List<Sample>> set : sexTests.entrySet()) {
            List<Sample> labelled = set.getValue().stream().filter(Sample::hasSex).toList();
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("baseline", Curve.of(labelled, s -> s.baselineFemale(), female).toJson());
            both.put("trained", Curve.of(labelled, sexProbability, female).toJson());
            sexReport.put(set.getKey(), both);
        }
        report.put("sex", sexReport);
        Map<String, Object> maskReport = new LinkedHashMap<>();
        for (Map.Entry<String, List<Sample>> set : maskTests.entrySet()) {
            maskReport.put(
                    set.getKey(),
                    Curve.of(set.getValue(), probability(mask.model()), masked).toJson());
        }
        report.put("mask", maskReport);

        Path out = options.out();
        Files.createDirectories(out);
        Path sexFile = out.resolve(SEX_HEAD_FILE);
        Path maskFile = out.resolve(MASK_HEAD_FILE);
        String sexVersion = version(sex.model());
        String maskVersion = version(mask.model());
        byte[] sexBytes =
                OnnxHeadWriter.bytes(
                        sex.model(),
                        "headcount_sex_head",
                        FeatureHead.SEX_LABELS,
                        metadata(sexVersion, sex, backbone, options.views()));
        byte[] maskBytes =
                OnnxHeadWriter.bytes(
                        mask.model(),
                        "headcount_mask_head",
                        FeatureHead.MASK_LABELS,
                        metadata(maskVersion, mask, backbone, false));
        OnnxHeadWriter.write(sexFile, sexBytes);
        OnnxHeadWriter.write(maskFile, maskBytes);
        Path manifest = out.resolve(MANIFEST_FILE);
        Files.writeString(
                manifest,
                TrainedModelSet.yaml(
                        options.cropScale(),
                        new TrainedModelSet.Head(
                                FeatureHead.SEX_ROLE,
                                options.views()
                                        ? "headcount-sex-linear-views"
                                        : "headcount-sex-linear",
                                sexVersion,
                                sexFile,
                                FileDigests.sha256(sexBytes),
                                FeatureHead.SEX_LABELS,
                                options.views()),
                        new TrainedModelSet.Head(
                                FeatureHead.MASK_ROLE,
                                "headcount-mask-linear",
                                maskVersion,
                                maskFile,
                                FileDigests.sha256(maskBytes),
                                FeatureHead.MASK_LABELS,
                                false)));
        Files.writeString(out.resolve(REPORT_FILE), ReportJson.write(report));
        Files.writeString(
                out.resolve(MODEL_CARD_FILE),
                ModelCard.markdown(options, sexVersion, maskVersion, sex, mask, report, sets));
        return new Result(sexFile, maskFile, manifest, report);
    }

    private static List<Sample> only(List<Sample> samples, String variant) {
        return samples.stream().filter(s -> s.variant().equals(variant)).toList();
    }

    private static List<Sample> synthetic(List<Sample> samples) {
        return samples.stream().filter(s -> s.masked().equals("synthetic")).toList();
    }

    private static ToDoubleFunction<Sample> probability(LinearModel model) {
        return s -> model.probability(s.features());
    }

    private Map<String, String> metadata(
            String version, HeadTrainer.Trained trained, String backbone, boolean views) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("version", version);
        metadata.put("backbone", backbone + " features");
        metadata.put("crop_scale", Float.toString(options.cropScale()));
        metadata.put("seed", Long.toString(options.seed()));
        metadata.put("lambda", Double.toString(trained.lambda()));
        metadata.put(
                "input",
                views
                        ? FeatureHead.normalisationFor(options.cropScale(), true)
                        : FeatureHead.normalisationFor(options.cropScale()));
        metadata.put("training_rows", Integer.toString(trained.rows()));
        metadata.put(
                "training_data",
                "UTKFace crop_part1 age >= "
                        + DataSets.MIN_AGE
                        + ", originals and synthetic masks, "
                        + Math.round(100 * options.trainShare())
                        + " % of faces by identity hash");
        return metadata;
    }

    /** A version that names the weights: the same training gives the same version. */
    static String version(LinearModel model) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (double w : model.weights()) {
            text.writeBytes(Float.toString((float) w).getBytes());
        }
        text.writeBytes(Float.toString((float) model.bias()).getBytes());
        return "1-" + FileDigests.sha256(text.toByteArray()).substring(0, 12);
    }

    static String percent(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", 100 * value);
    }
}
