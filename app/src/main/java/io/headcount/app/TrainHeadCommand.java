package io.headcount.app;

import io.headcount.core.Assets;
import io.headcount.training.features.FaceAnalyzer;
import io.headcount.training.train.HeadTraining;
import io.headcount.training.train.Reports;
import io.headcount.training.train.SexHeadTraining;
import io.headcount.vision.attributes.FaceCrop;
import io.headcount.vision.attributes.SexHead;
import io.headcount.vision.eval.Evaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headcount train-head}: linear sex and mask heads on the face-api backbone's features of
 * original and synthetically masked faces, exported as ONNX with a model card and a model set
 * manifest for {@code models.manifest}.
 */
@Command(
        name = "train-head",
        header = "Trains the linear attribute heads on a frozen backbone's features.",
        footer = {"", "Example:", "  bin/headcount train-head --backbone faceres --out heads/"},
        mixinStandardHelpOptions = true,
        description = {
            "Extracts face-api features of UTKFace adults (original and synthetically masked), trains",
            "class-balanced logistic-regression heads for sex and mask on a split by identity, and",
            "writes sex-head.onnx, mask-head.onnx, manifest.yaml (use it with",
            "--set models.manifest=DIR/manifest.yaml), model-card.md and report.json to --out."
        })
final class TrainHeadCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(
            names = "--cache",
            paramLabel = "DIR",
            description = "Feature cache folder (default: OUT/features).")
    Path cache;

    @Option(
            names = "--seed",
            defaultValue = "20261128",
            description = "Seed of the masks and the split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--mask-variants",
            defaultValue = "1",
            description = "Synthetic masks per training face (default: ${DEFAULT-VALUE}).")
    int maskVariants;

    @Option(
            names = "--train-share",
            defaultValue = "0.75",
            description = "Share of identities used for training (default: ${DEFAULT-VALUE}).")
    double trainShare;

    @Option(
            names = "--crop-scale",
            defaultValue = "" + FaceCrop.DEFAULT_SCALE,
            description =
                    "Crop side as a multiple of the box, as attributes.crop-scale (default: ${DEFAULT-VALUE}).")
    float cropScale;

    @Option(
            names = "--views",
            description =
                    "Train the sex head on the mean features of 6 views (crop scales 0.9/1.0/1.1,"
                            + " each mirrored); the job then runs the backbone 6 more times per face.")
    boolean views;

    @Option(
            names = "--backbone",
            defaultValue = "faceapi",
            description =
                    "faceapi: sex and mask heads on face-api features (as above); faceres: a sex"
                            + " head on HSE FaceRes feats256 with synthetic masks, calibrated on"
                            + " validation (rof_masked_dev, UTK), writes sex-head-faceres.onnx"
                            + " and an age-group head on the same features, age-head-faceres.onnx"
                            + " (default: ${DEFAULT-VALUE}).")
    String backbone;

    @Option(
            names = "--crop-margin",
            defaultValue = "" + SexHead.CROP_MARGIN,
            description =
                    "faceres: margin of the stretched crop per side, as the job's (default:"
                            + " ${DEFAULT-VALUE}); another value is for choosing it on validation.")
    float cropMargin;

    @Option(
            names = "--no-test",
            description = "faceres: skip extracting and reporting the test sets (a reproduction).")
    boolean noTest;

    @Option(names = "--data", paramLabel = "DIR", description = "Data folder.")
    Path data;

    @Option(names = "--models", paramLabel = "DIR", description = "Model folder.")
    Path models;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Assets assets = Assets.fromEnvironment();
        Path dataDir = data != null ? data : assets.data();
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> progress =
                line -> {
                    err.println(line);
                    err.flush();
                };
        Path modelsDir = models != null ? models : assets.models();
        Path templates = dataDir.resolve("mask-templates/maskthface");
        Path cacheDir = cache != null ? cache : out.resolve("features");
        if (FaceAnalyzer.Backbone.parse(backbone) == FaceAnalyzer.Backbone.FACERES) {
            SexHeadTraining.Result result =
                    new SexHeadTraining(
                                    new SexHeadTraining.Options(
                                            dataDir,
                                            modelsDir,
                                            templates,
                                            out,
                                            cacheDir,
                                            seed,
                                            Evaluation.DEFAULT_PADDING,
                                            cropMargin,
                                            maskVariants,
                                            !noTest))
                            .run(progress);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println(
                    "Heads: "
                            + result.head()
                            + ", "
                            + result.ageHead()
                            + " (model cards beside them)");
            stdout.println("Use it with: --set models.manifest=" + result.manifest());
            stdout.flush();
            return 0;
        }
        HeadTraining.Options options =
                new HeadTraining.Options(
                        dataDir,
                        modelsDir,
                        templates,
                        out,
                        cacheDir,
                        seed,
                        cropScale,
                        Evaluation.DEFAULT_PADDING,
                        maskVariants,
                        trainShare,
                        HeadTraining.DEFAULT_LAMBDAS,
                        views);
        HeadTraining.Result result = new HeadTraining(options).run(progress);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("Sex accuracy / coverage, % (face-api baseline vs trained head):");
        stdout.println(Reports.sexTable(result.report()));
        stdout.println("Heads: " + result.sexHead() + ", " + result.maskHead());
        stdout.println("Use them with: --set models.manifest=" + result.manifest());
        stdout.flush();
        return 0;
    }
}
