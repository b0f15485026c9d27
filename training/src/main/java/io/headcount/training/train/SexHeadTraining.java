package io.headcount.training.train;

import io.headcount.core.FileDigests;
import io.headcount.training.augment.MaskAugmenter;
import io.headcount.training.augment.MaskTemplates;
import io.headcount.training.features.CachedExtraction;
import io.headcount.training.features.FaceAnalyzer;
import io.headcount.training.features.FeatureExtraction;
import io.headcount.training.features.Sample;
import io.headcount.vision.attributes.AgeGroups;
import io.headcount.vision.attributes.FaceCrop;
import io.headcount.vision.attributes.FeatureHead;
import io.headcount.vision.attributes.SexHead;
import io.headcount.vision.eval.ManifestCsv;
import io.headcount.vision.eval.ReportJson;
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
 * {@code headcount train-head --backbone faceres}: a sex head on HSE FaceRes's {@code feats256},
 * trained on unmasked faces and their synthetic masks, class-balanced, its L2 penalty chosen and
 * its confidence calibrated on validation data only, and tested on sets it never saw.
 *
 * <p>The protocol (DATA.md names the sets):
 *
 * <ul>
 *   <li><b>Training</b>: UTKFace adults on the training side of a split by file ({@link
 *       #UTK_TRAIN_SHARE} of the fit part, to keep the run short), the UTKFace teenagers (13 to 19,
 *       whose sex the product judges) of the whole fit part, every {@code rof_neutral_train} face
 *       (no ROF masked identity), and the real masked and unmasked photos of the {@code
 *       rmfd_identities} identities that have no test face ({@link RmfdIdentities}); each unmasked
 *       face also with {@link Options#maskVariants} synthetic masks.
 *   <li><b>Validation</b> (the penalty, the share of FaceRes's own sex layer in the shipped layer,
 *       the calibration, the crop margin): {@code rof_masked_dev} (real masks), the masked photos
 *       of the other {@code rmfd_identities} identities that are no other set's photographs (real
 *       masks on East Asian faces, which no other validation set has), and the UTK validation part,
 *       original and synthetic-masked. Each of the four counts the same, and men and women count
 *       the same within each.
 *   <li><b>Reported beside validation</b>, not chosen on: the UTK teenagers of the validation part.
 *   <li><b>Test</b> (reported, never chosen on): the 251 labelled chandrikadeb7 masked faces (also
 *       without the 26 that are photos of a validation identity), the UTK test side (original and
 *       synthetic-masked, adults and teenagers apart), {@code rmfd_celeb_unmasked}.
 * </ul>
 */
public final class SexHeadTraining {

    public static final String HEAD_FILE = "sex-head-faceres.onnx";
    public static final String MANIFEST_FILE = "manifest.yaml";
    public static final String MODEL_CARD_FILE = "model-card.md";
    public static final String AGE_MODEL_CARD_FILE = "age-model-card.md";
    public static final String REPORT_FILE = "report.json";

    /**
     * The shares of FaceRes's own sex layer in the shipped layer that the validation chooses from.
     */
    public static final double[] OWN_LAYER_SHARES = {0, 0.25, 0.5, 0.75, 1};

    /** The penalties the validation chooses from. */
    public static final double[] LAMBDAS = {1e-4, 1e-3, 1e-2, 1e-1};

    /** Share of UTK adults on the training side of the outer split; the rest is the test side. */
    static final double UTK_TRAIN_SHARE = 0.8;

    /** Share of the UTK fit part used (the rest is left out to keep the run short). */
    static final double UTK_FIT_SAMPLE = 0.4;

    /** Share of the UTK validation part used. */
    static final double UTK_VALIDATION_SAMPLE = 0.5;

    public static final String ROF_MASKED_DEV = "rof_masked_dev";

    /** The real masked photos of the training identities of {@code rmfd_identities}. */
    static final String RMFD_TRAINING_MASKED = "faceres_rmfd_training_masked_v1";

    /**
     * The unmasked photos of the training identities of {@code rmfd_identities}, and their masks.
     */
    static final String RMFD_TRAINING_UNMASKED = "faceres_rmfd_training_unmasked_v1";

    /** The validation set of real masked East Asian faces (held-out RMFD identities). */
    public static final String RMFD_MASKED_VALIDATION = "rmfd_masked_held_out_v1";

    /** UTKFace teenagers (13 to 19) on the fit, validation and test sides of the UTK splits. */
    static final String UTK_TEENS_FIT = "faceres_utk_teens_fit";

    static final String UTK_TEENS_VALIDATION = "faceres_utk_teens_validation";
    static final String UTK_TEENS_TEST = "faceres_utk_teens_test";

    /** The sets the head is fitted on. */
    static final List<String> TRAINING_SETS =
            List.of(
                    "faceres_utk_fit",
                    UTK_TEENS_FIT,
                    "faceres_rof_neutral_train",
                    RMFD_TRAINING_MASKED,
                    RMFD_TRAINING_UNMASKED);

    /**
     * @param data shared/data
     * @param models shared/models
     * @param templates the mask templates folder
     * @param out where the head, manifest, model card and report go
     * @param cache feature cache folder
     * @param seed seeds the masks and the splits
     * @param padding grey border around pre-cropped images (as headcount eval)
     * @param cropMargin margin of FaceRes's stretched crop per side (the job's {@link
     *     SexHead#CROP_MARGIN}; another value is for choosing it on validation)
     * @param maskVariants synthetic masks per training and validation face
     * @param test also extract and report the test sets (a reproduction needs only training and
     *     validation)
     */
    public record Options(
            Path data,
            Path models,
            Path templates,
            Path out,
            Path cache,
            long seed,
            float padding,
            float cropMargin,
            int maskVariants,
            boolean test) {}

    /** What a run produced: the sex head, and the age-group head trained on the same features. */
    public record Result(
            Path head,
            Path manifest,
            Map<String, Object> report,
            LinearModel model,
            Path ageHead,
            SoftmaxModel ageModel) {}

    private final Options options;

    /** Loaded on first use from {@link Options#data}. */
    private RmfdIdentities rmfd;

    public SexHeadTraining(Options options) {
        this.options = options;
    }

    /** Sets by name: training, validation and test parts. */
    Map<String, List<Sample>> extract(FaceAnalyzer analyzer, Consumer<String> progress)
            throws IOException {
        MaskAugmenter augmenter = new MaskAugmenter(MaskTemplates.load(options.templates()));
        CachedExtraction extraction =
                new CachedExtraction(
                        options.cache(),
                        new FeatureExtraction(analyzer, augmenter, options.seed()),
                        cacheKey(options.seed(), options.padding(), analyzer));
        Map<String, List<Sample>> sets = new LinkedHashMap<>();
        for (FeatureExtraction.Source source : sources(options.test())) {
            sets.put(source.name(), extraction.samples(source, progress));
        }
        return sets;
    }

    /** What the cached features depend on besides the data set. */
    public static String cacheKey(long seed, float padding, FaceAnalyzer analyzer) {
        return String.format(
                Locale.ROOT, "seed=%d padding=%.2f backbone=%s", seed, padding, analyzer.version());
    }

    /** The data sets of the protocol; the test sets only with {@code test}. */
    List<FeatureExtraction.Source> sources(boolean test) {
        Path data = options.data();
        int variants = options.maskVariants();
        Split outer = new Split(options.seed(), UTK_TRAIN_SHARE);
        Split inner = outer.inner();
        Split fitSample = new Split(options.seed() + 1, UTK_FIT_SAMPLE);
        Split validationSample = new Split(options.seed() + 2, UTK_VALIDATION_SAMPLE);
        // One split by file for adults and teenagers: a face is on the fit, validation or test
        // side.
        Predicate<Map<String, String>> fitSide =
                row -> outer.isTrain(row.get("file")) && inner.isTrain(row.get("file"));
        Predicate<Map<String, String>> validationSide =
                row -> outer.isTrain(row.get("file")) && !inner.isTrain(row.get("file"));
        Predicate<Map<String, String>> testSide = row -> !outer.isTrain(row.get("file"));
        FeatureExtraction.Source utk = DataSets.utkface(data, variants);
        FeatureExtraction.Source teens = DataSets.utkfaceTeens(data, variants);
        List<FeatureExtraction.Source> sources = new ArrayList<>();
        sources.add(
                utk.part(
                        "faceres_utk_fit", fitSide.and(row -> fitSample.isTrain(row.get("file")))));
        // Teenagers are few: every one on the fit side is trained on.
        sources.add(teens.part(UTK_TEENS_FIT, fitSide));
        sources.add(teens.part(UTK_TEENS_VALIDATION, validationSide));
        sources.add(
                new FeatureExtraction.Source(
                        "faceres_rof_neutral_train",
                        data.resolve("faces-sex/rof_neutral_train/manifest.csv"),
                        data,
                        DataSets::labelled,
                        variants));
        sources.add(
                utk.part(
                        "faceres_utk_validation",
                        validationSide.and(row -> validationSample.isTrain(row.get("file")))));
        sources.add(
                new FeatureExtraction.Source(
                        "faceres_" + ROF_MASKED_DEV,
                        data.resolve("masked-real/rof_masked_dev/manifest.csv"),
                        data,
                        DataSets::labelled,
                        0));
        RmfdIdentities rmfd = rmfd();
        Path rmfdManifest = data.resolve(RmfdIdentities.MANIFEST);
        sources.add(
                new FeatureExtraction.Source(
                        RMFD_TRAINING_MASKED, rmfdManifest, data, rmfd.trainingRows(true), 0));
        sources.add(
                new FeatureExtraction.Source(
                        "faceres_" + RMFD_MASKED_VALIDATION,
                        rmfdManifest,
                        data,
                        row -> DataSets.labelled(row) && rmfd.isValidation(row),
                        0));
        sources.add(
                new FeatureExtraction.Source(
                        RMFD_TRAINING_UNMASKED,
                        rmfdManifest,
                        data,
                        rmfd.trainingRows(false),
                        variants));
        if (test) {
            sources.add(utk.part("faceres_utk_test", testSide));
            sources.add(teens.part(UTK_TEENS_TEST, testSide));
            FeatureExtraction.Source masked = DataSets.masked(data);
            sources.add(
                    new FeatureExtraction.Source(
                            "faceres_masked_real_251", masked.manifest(), data, masked.rows(), 0));
            FeatureExtraction.Source celeb = DataSets.celeb(data, 0);
            sources.add(
                    new FeatureExtraction.Source(
                            "faceres_rmfd_celeb_unmasked",
                            celeb.manifest(),
                            data,
                            celeb.rows(),
                            0));
        }
        return sources;
    }

    private RmfdIdentities rmfd() {
        if (rmfd == null) {
            try {
                rmfd = RmfdIdentities.load(options.data());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return rmfd;
    }

    public Result run(Consumer<String> progress) throws IOException {
        Map<String, List<Sample>> sets;
        String backbone;
        try (FaceAnalyzer analyzer =
                FaceAnalyzer.openFaceRes(
                        options.models(), options.padding(), options.cropMargin())) {
            backbone = analyzer.version();
            sets = extract(analyzer, progress);
        }
        return train(sets, backbone, progress);
    }

    /** All data sets of the protocol (for experiments); the test sets only with {@code test}. */
    public static List<FeatureExtraction.Source> allSources(
            SexHeadTraining training, boolean test) {
        return training.sources(test);
    }

    /** The validation data sets (for experiments that choose on validation only). */
    public static List<FeatureExtraction.Source> validationSources(SexHeadTraining training) {
        return training.sources(false).stream()
                .filter(
                        s ->
                                s.name().contains("validation")
                                        || s.name().contains(ROF_MASKED_DEV)
                                        || s.name().contains(RMFD_MASKED_VALIDATION))
                .toList();
    }

    /** {@link #validation} for experiments. */
    public static Map<String, List<Sample>> validationSets(Map<String, List<Sample>> sets) {
        return validation(sets);
    }

    /** The validation sets, each counting the same: name to its labelled samples. */
    static Map<String, List<Sample>> validation(Map<String, List<Sample>> sets) {
        Map<String, List<Sample>> validation = new LinkedHashMap<>();
        validation.put(ROF_MASKED_DEV, labelled(sets.get("faceres_" + ROF_MASKED_DEV)));
        validation.put(
                RMFD_MASKED_VALIDATION, labelled(sets.get("faceres_" + RMFD_MASKED_VALIDATION)));
        List<Sample> utk = labelled(sets.get("faceres_utk_validation"));
        validation.put("utk_validation_unmasked", only(utk, false));
        validation.put("utk_validation_synthetic_masked", only(utk, true));
        return validation;
    }

    /**
     * The UTK teenagers of the validation side: reported beside the validation sets, not chosen on
     * (the four sets above choose, as before teenagers were trained on).
     */
    static Map<String, List<Sample>> teenValidation(Map<String, List<Sample>> sets) {
        List<Sample> teens = labelled(sets.get(UTK_TEENS_VALIDATION));
        Map<String, List<Sample>> validation = new LinkedHashMap<>();
        validation.put("utk_teens_validation_unmasked", only(teens, false));
        validation.put("utk_teens_validation_synthetic_masked", only(teens, true));
        return validation;
    }

    /** The test sets: name to labelled samples. */
    static Map<String, List<Sample>> tests(Map<String, List<Sample>> sets) {
        Map<String, List<Sample>> tests = new LinkedHashMap<>();
        if (!sets.containsKey("faceres_utk_test")) {
            return tests;
        }
        tests.put("masked_real_251", labelled(sets.get("faceres_masked_real_251")));
        tests.put("rmfd_celeb_unmasked", labelled(sets.get("faceres_rmfd_celeb_unmasked")));
        List<Sample> utk = labelled(sets.get("faceres_utk_test"));
        tests.put("utk_test_unmasked", only(utk, false));
        tests.put("utk_test_synthetic_masked", only(utk, true));
        List<Sample> teens = labelled(sets.get(UTK_TEENS_TEST));
        tests.put("utk_teens_test_unmasked", only(teens, false));
        tests.put("utk_teens_test_synthetic_masked", only(teens, true));
        return tests;
    }

    public Result train(Map<String, List<Sample>> sets, String backbone, Consumer<String> progress)
            throws IOException {
        Predicate<Sample> female = s -> s.sex().equals("female");
        List<Sample> training = new ArrayList<>();
        for (String name : TRAINING_SETS) {
            sets.get(name).stream()
                    .filter(s -> s.answerable() && s.hasSex())
                    .forEach(training::add);
        }
        Map<String, List<Sample>> validation = validation(sets);

        // The penalty: the lowest mean balanced log-loss over the validation sets.
        double bestLoss = Double.MAX_VALUE;
        LinearModel best = null;
        double bestLambda = Double.NaN;
        List<Map<String, Object>> lambdaScores = new ArrayList<>();
        for (double lambda : LAMBDAS) {
            LinearModel model = HeadTrainer.fit(training, female, lambda);
            double loss = meanLogLoss(model, validation, female);
            lambdaScores.add(
                    choice(
                            "lambda",
                            lambda,
                            loss,
                            "  lambda %.0e: mean validation log-loss %.4f",
                            progress));
            if (loss < bestLoss) {
                bestLoss = loss;
                best = model;
                bestLambda = lambda;
            }
        }
        // FaceRes's own sex output is a linear layer on the same feats256 (PriorHead recovers it),
        // so a blend of its logit and the head's is one linear layer too. The share of FaceRes's
        // own layer (0: the head alone, 1: FaceRes alone), each blend Platt-calibrated: p =
        // sigmoid(a * score + b) fitted on the validation sets, each set and each class weighing
        // the same, then folded into the layer; the lowest mean validation log-loss is kept.
        LinearModel own = PriorHead.sexLayer(training);
        List<Map<String, Object>> blendScores = new ArrayList<>();
        double bestBlendLoss = Double.MAX_VALUE;
        LinearModel calibrated = null;
        double ownShare = Double.NaN;
        double[] platt = null;
        for (double share : OWN_LAYER_SHARES) {
            LinearModel blend = blended(best, own, share);
            double[] scaling = platt(blend, validation, female);
            LinearModel candidate = scaled(blend, scaling[0], scaling[1]);
            double loss = meanLogLoss(candidate, validation, female);
            blendScores.add(
                    choice(
                            "own_layer_share",
                            share,
                            loss,
                            "  FaceRes own layer share %.2f: mean validation log-loss %.4f"
                                    + " (calibrated)",
                            progress));
            if (loss < bestBlendLoss) {
                bestBlendLoss = loss;
                calibrated = candidate;
                ownShare = share;
                platt = scaling;
            }
        }

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("seed", options.seed());
        report.put("backbone", backbone);
        report.put("features", "feats256");
        report.put("crop_margin", Float.toString(options.cropMargin()));
        report.put("padding", (double) options.padding());
        report.put("mask_variants", options.maskVariants());
        report.put("training_faces", training.size());
        report.put("rmfd_training_identities", String.join(", ", rmfd().trainingIdentities()));
        report.put(
                "test_faces_of_validation_identities",
                rmfd().testFacesOfValidationIdentities().size());
        report.put("lambda", bestLambda);
        report.put("lambdas", lambdaScores);
        report.put("own_layer_share", ownShare);
        report.put("own_layer_shares", blendScores);
        report.put("platt_a", platt[0]);
        report.put("platt_b", platt[1]);
        Map<String, Object> validationReport = new LinkedHashMap<>();
        for (Map.Entry<String, List<Sample>> set : validation.entrySet()) {
            validationReport.put(set.getKey(), compare(set.getValue(), calibrated, female));
        }
        report.put("validation", validationReport);
        Map<String, Object> teensReport = new LinkedHashMap<>();
        for (Map.Entry<String, List<Sample>> set : teenValidation(sets).entrySet()) {
            teensReport.put(set.getKey(), compare(set.getValue(), calibrated, female));
        }
        report.put("validation_not_chosen_on", teensReport);
        Map<String, Object> testReport = new LinkedHashMap<>();
        Map<String, List<Sample>> tests = tests(sets);
        if (tests.containsKey("masked_real_251")) {
            // The 251 without the faces of identities whose other photos were validation data.
            tests.put(
                    "masked_real_251_without_validation_identities",
                    tests.get("masked_real_251").stream()
                            .filter(
                                    s ->
                                            !rmfd().testFacesOfValidationIdentities()
                                                    .contains(s.file()))
                            .toList());
        }
        for (Map.Entry<String, List<Sample>> set : tests.entrySet()) {
            testReport.put(set.getKey(), compare(set.getValue(), calibrated, female));
        }
        report.put("test", testReport);

        Path out = options.out();
        Files.createDirectories(out);
        String version = HeadTraining.version(calibrated);
        FaceCrop crop = FaceCrop.stretched(224, options.cropMargin());
        String normalisation = FeatureHead.normalisationFor("hse-faceres", "feats256", crop);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("version", version);
        metadata.put("backbone", backbone + " feats256");
        metadata.put("input", normalisation);
        metadata.put("seed", Long.toString(options.seed()));
        metadata.put("lambda", Double.toString(bestLambda));
        metadata.put("training_rows", Integer.toString(training.size()));
        metadata.put(
                "training_data",
                "UTKFace crop_part1 adults (training side, sampled) and teenagers (training"
                        + " side), rof_neutral_train and the"
                        + " rmfd_identities identities with no test face, originals and synthetic"
                        + " masks; blended with FaceRes's own layer and calibrated on"
                        + " rof_masked_dev, held-out rmfd_identities and UTK validation");
        byte[] bytes =
                OnnxHeadWriter.bytes(
                        calibrated,
                        "headcount_sex_head_faceres",
                        "feats256",
                        "HSE FaceRes feats256",
                        FeatureHead.SEX_LABELS,
                        metadata);
        Path head = out.resolve(HEAD_FILE);
        OnnxHeadWriter.write(head, bytes);

        AgeHeadTraining.Result age = AgeHeadTraining.train(sets, progress);
        report.put("age_head", age.report());
        String ageVersion = version(age.model());
        Map<String, String> ageMetadata = new LinkedHashMap<>(metadata);
        ageMetadata.put("version", ageVersion);
        ageMetadata.put("lambda", Double.toString(age.lambda()));
        ageMetadata.put("training_rows", String.valueOf(age.report().get("training_faces")));
        ageMetadata.put("labels", String.join(",", AgeGroups.LABELS));
        ageMetadata.put(
                "training_data",
                "UTKFace crop_part1 adults (training side, sampled), originals and synthetic"
                        + " masks; temperature fitted on UTK validation");
        byte[] ageBytes =
                OnnxHeadWriter.bytes(
                        age.model(),
                        "headcount_age_head_faceres",
                        "feats256",
                        "HSE FaceRes feats256",
                        AgeGroups.LABELS,
                        ageMetadata);
        Path ageHead = out.resolve(AgeHeadTraining.HEAD_FILE);
        OnnxHeadWriter.write(ageHead, ageBytes);

        Path manifest = out.resolve(MANIFEST_FILE);
        Files.writeString(
                manifest,
                TrainedModelSet.faceResYaml(
                        version,
                        head.toAbsolutePath().toString(),
                        FileDigests.sha256(bytes),
                        new TrainedModelSet.FaceResHead(
                                ageVersion,
                                ageHead.toAbsolutePath().toString(),
                                FileDigests.sha256(ageBytes))));
        Files.writeString(out.resolve(REPORT_FILE), ReportJson.write(report));
        Files.writeString(
                out.resolve(MODEL_CARD_FILE),
                SexHeadCard.markdown(version, FileDigests.sha256(bytes), report));
        Files.writeString(
                out.resolve(AGE_MODEL_CARD_FILE),
                AgeHeadCard.markdown(
                        ageVersion, FileDigests.sha256(ageBytes), options.seed(), age.report()));
        return new Result(head, manifest, report, calibrated, ageHead, age.model());
    }

    /** A version that names the weights: the same training gives the same version. */
    static String version(SoftmaxModel model) {
        StringBuilder text = new StringBuilder();
        for (double[] row : model.weights()) {
            for (double w : row) {
                text.append((float) w);
            }
        }
        for (double b : model.bias()) {
            text.append((float) b);
        }
        return "1-"
                + FileDigests.sha256(
                                text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .substring(0, 12);
    }

    /** FaceRes's own sex output against the head, balanced, at each threshold. */
    static Map<String, Object> compare(
            List<Sample> samples, LinearModel head, Predicate<Sample> female) {
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("faceres_own", Balanced.of(samples, Sample::baselineFemale, female).toJson());
        both.put(
                "head", Balanced.of(samples, s -> head.probability(s.features()), female).toJson());
        return both;
    }

    static double meanLogLoss(
            LinearModel model, Map<String, List<Sample>> sets, Predicate<Sample> positive) {
        double sum = 0;
        for (List<Sample> set : sets.values()) {
            sum +=
                    HeadTrainer.logLoss(
                            model, set.stream().filter(Sample::answerable).toList(), positive);
        }
        return sum / sets.size();
    }

    /** Platt scaling {a, b} of the head's linear score, fitted on the validation sets. */
    static double[] platt(
            LinearModel model, Map<String, List<Sample>> sets, Predicate<Sample> positive) {
        List<float[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        List<Double> w = new ArrayList<>();
        for (List<Sample> set : sets.values()) {
            List<Sample> rows = set.stream().filter(Sample::answerable).toList();
            double[] weights = HeadTrainer.balancedWeights(rows, positive);
            for (int i = 0; i < rows.size(); i++) {
                double score = score(model, rows.get(i).features());
                x.add(new float[] {(float) score});
                y.add(positive.test(rows.get(i)) ? 1 : 0);
                w.add(weights[i] / sets.size());
            }
        }
        LinearModel scaling =
                LogisticRegression.fit(
                        x.toArray(float[][]::new),
                        y.stream().mapToInt(Integer::intValue).toArray(),
                        w.stream().mapToDouble(Double::doubleValue).toArray(),
                        0);
        return new double[] {scaling.weights()[0], scaling.bias()};
    }

    static double score(LinearModel model, float[] features) {
        double s = model.bias();
        for (int i = 0; i < features.length; i++) {
            s += model.weights()[i] * features[i];
        }
        return s;
    }

    /** One candidate of a choice on validation: its report row, and a progress line. */
    private static Map<String, Object> choice(
            String name, double value, double loss, String line, Consumer<String> progress) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(name, value);
        row.put("validation_log_loss", loss);
        progress.accept(String.format(Locale.ROOT, line, value, loss));
        return row;
    }

    /** (1 - share) * head + share * own, weights and bias: the logits blended. */
    static LinearModel blended(LinearModel head, LinearModel own, double share) {
        double[] weights = new double[head.weights().length];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (1 - share) * head.weights()[i] + share * own.weights()[i];
        }
        return new LinearModel(weights, (1 - share) * head.bias() + share * own.bias());
    }

    static LinearModel scaled(LinearModel model, double a, double b) {
        double[] weights = model.weights().clone();
        for (int i = 0; i < weights.length; i++) {
            weights[i] *= a;
        }
        return new LinearModel(weights, a * model.bias() + b);
    }

    private static List<Sample> labelled(List<Sample> samples) {
        return samples.stream().filter(Sample::hasSex).toList();
    }

    private static List<Sample> only(List<Sample> samples, boolean synthetic) {
        return samples.stream().filter(s -> s.masked().equals("synthetic") == synthetic).toList();
    }

    /** The rows of a manifest, for tests that check the protocol's sets. */
    static List<Map<String, String>> rows(Path manifest) throws IOException {
        return ManifestCsv.read(manifest);
    }

    /** A balanced curve: accuracy and coverage of men and women apart, and their means. */
    public record Balanced(Curve men, Curve women, Curve all, double balancedTop70) {

        public static Balanced of(
                List<Sample> samples,
                ToDoubleFunction<Sample> probability,
                Predicate<Sample> female) {
            List<Sample> women = samples.stream().filter(female).toList();
            List<Sample> men = samples.stream().filter(female.negate()).toList();
            return new Balanced(
                    Curve.of(men, probability, female),
                    Curve.of(women, probability, female),
                    Curve.of(samples, probability, female),
                    balancedTop(samples, probability, female, Curve.TARGET_COVERAGE));
        }

        /**
         * Balanced accuracy over the most confident {@code coverage} of all labelled faces (the
         * figure of MODELS.md's second study).
         */
        static double balancedTop(
                List<Sample> samples,
                ToDoubleFunction<Sample> probability,
                Predicate<Sample> female,
                double coverage) {
            List<Sample> answered =
                    new ArrayList<>(samples.stream().filter(Sample::answerable).toList());
            answered.sort(
                    (a, b) ->
                            Double.compare(
                                    confidence(probability.applyAsDouble(b)),
                                    confidence(probability.applyAsDouble(a))));
            int needed = (int) Math.ceil(coverage * samples.size());
            if (needed == 0 || needed > answered.size()) {
                return Double.NaN;
            }
            List<Sample> top = answered.subList(0, needed);
            double sum = 0;
            int classes = 0;
            for (boolean woman : new boolean[] {false, true}) {
                List<Sample> cls = top.stream().filter(s -> female.test(s) == woman).toList();
                if (cls.isEmpty()) {
                    continue;
                }
                long correct =
                        cls.stream()
                                .filter(s -> (probability.applyAsDouble(s) > 0.5) == female.test(s))
                                .count();
                sum += correct / (double) cls.size();
                classes++;
            }
            return classes == 0 ? Double.NaN : sum / classes;
        }

        private static double confidence(double p) {
            return Math.max(p, 1 - p);
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("labelled", all.labelled());
            json.put("men", men.labelled());
            json.put("women", women.labelled());
            json.put("balanced_accuracy_top70", balancedTop70);
            List<Object> rows = new ArrayList<>();
            for (double t : Curve.THRESHOLDS) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("threshold", t);
                row.put("accuracy", all.accuracy(t));
                row.put("coverage", all.coverage(t));
                row.put("men_accuracy", men.accuracy(t));
                row.put("men_coverage", men.coverage(t));
                row.put("women_accuracy", women.accuracy(t));
                row.put("women_coverage", women.coverage(t));
                row.put("balanced_accuracy", (men.accuracy(t) + women.accuracy(t)) / 2);
                row.put("balanced_coverage", (men.coverage(t) + women.coverage(t)) / 2);
                rows.add(row);
            }
            json.put("by_threshold", rows);
            return json;
        }
    }
}
