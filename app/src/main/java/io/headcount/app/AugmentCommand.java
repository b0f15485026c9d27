package io.headcount.app;

import io.headcount.core.Assets;
import io.headcount.training.AugmentRun;
import io.headcount.training.augment.MaskAugmenter;
import io.headcount.training.augment.MaskTemplates;
import io.headcount.training.features.FaceAnalyzer;
import io.headcount.vision.attributes.FaceCrop;
import io.headcount.vision.eval.Evaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headcount augment}: a synthetic mask on every face of a manifest (MaskTheFace templates,
 * placed with YuNet's landmarks), written with a manifest in the same columns.
 */
@Command(
        name = "augment",
        header = "Puts synthetic masks on the faces of a labelled manifest.",
        footer = {
            "",
            "Example:",
            "  bin/headcount augment --manifest faces.csv --out masked/ --seed 1"
        },
        mixinStandardHelpOptions = true,
        description = {
            "Puts a synthetic mask on the face of every image of a manifest and writes the images,",
            "a manifest in the same columns (masked=synthetic), not-masked.csv (images without a",
            "face, with the reason) and templates.csv (the template used per image)."
        })
final class AugmentCommand implements Callable<Integer> {

    @Option(names = "--manifest", required = true, paramLabel = "IN.csv", description = "Manifest.")
    Path manifest;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(
            names = "--templates",
            paramLabel = "DIR",
            description =
                    "Mask templates with masks.cfg (default: the data folder's mask-templates/maskthface).")
    Path templates;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description =
                    "Seed of the template, colour and brightness choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--root",
            paramLabel = "DIR",
            description =
                    "Folder the manifest's file paths are relative to (default: the data folder).")
    Path root;

    @Option(names = "--models", paramLabel = "DIR", description = "Model folder.")
    Path models;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Assets assets = Assets.fromEnvironment();
        Path data = root != null ? root : assets.data();
        Path templateDir =
                templates != null ? templates : assets.data().resolve("mask-templates/maskthface");
        PrintWriter err = spec.commandLine().getErr();
        try (FaceAnalyzer analyzer =
                FaceAnalyzer.open(
                        models != null ? models : assets.models(),
                        Evaluation.DEFAULT_PADDING,
                        FaceCrop.DEFAULT_SCALE)) {
            AugmentRun run =
                    new AugmentRun(
                            analyzer, new MaskAugmenter(MaskTemplates.load(templateDir)), seed);
            AugmentRun.Summary summary =
                    run.run(
                            manifest,
                            data,
                            out,
                            line -> {
                                err.println(line);
                                err.flush();
                            });
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%d images: %d masked, %d without a face, %d unreadable (listed in %s)%n",
                            summary.images(),
                            summary.masked(),
                            summary.noFace(),
                            summary.unreadable(),
                            out.resolve(AugmentRun.NOT_MASKED));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
