package io.headcount.app;

import io.headcount.core.Assets;
import io.headcount.inference.settings.JobOptions;
import io.headcount.vision.eval.EvalChart;
import io.headcount.vision.eval.Evaluation;
import io.headcount.vision.settings.AttributeOptions;
import io.headcount.vision.settings.ModelOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headcount eval}: detection and attribute accuracy of a model set on labelled manifests, as
 * JSON (accuracy, coverage and accuracy/coverage by confidence threshold, broken down by masked no
 * / yes (real) / synthetic, age group and race) and optionally as an HTML page with the
 * accuracy/coverage curves.
 */
@Command(
        name = "eval",
        header = "Scores detection and the attribute heads on labelled face images.",
        footer = {
            "",
            "Example:",
            "  bin/headcount eval --manifest ../shared/data/masked-real/rof_masked_dev/manifest.csv --out eval.json"
        },
        mixinStandardHelpOptions = true,
        description = {
            "Runs detection and the attribute heads on every image of a labelled manifest (the CSV format",
            "of shared/data: file,sex,age,age_group,race,identity,masked,...) and writes a JSON report.",
            "Give --manifest several times to compare sets, e.g. unmasked, real masked and the output",
            "of headcount augment (masked=synthetic)."
        })
final class EvalCommand implements Callable<Integer> {

    @Option(
            names = "--manifest",
            required = true,
            paramLabel = "FILE.csv",
            description = "Labelled manifest; repeat to score several together.")
    List<Path> manifests;

    @Option(
            names = "--root",
            paramLabel = "DIR",
            description =
                    "Folder the manifest's file paths are relative to (default: the data folder).")
    Path root;

    @Option(
            names = "--out",
            paramLabel = "FILE.json",
            description = "Report file (default: standard output).")
    Path out;

    @Option(
            names = "--faces-out",
            paramLabel = "FILE.csv",
            description =
                    "Also write one line per image: the largest face's size, sharpness, yaw"
                            + " (landmarks and eyes only), whether it passed the quality gate and"
                            + " the heads' answers, to look at the errors one by one.")
    Path facesOut;

    @Option(
            names = "--html",
            paramLabel = "FILE.html",
            description = "Also write a self-contained HTML page with accuracy/coverage curves.")
    Path html;

    @Option(
            names = "--models",
            paramLabel = "DIR",
            description = "Model folder, to compare model sets (default: the models folder).")
    Path models;

    @Option(
            names = "--heads",
            paramLabel = "LIST",
            description = "Attribute heads, e.g. sex-age,sex,expression,mask (default: the job's).")
    String heads;

    @Option(
            names = "--padding",
            defaultValue = "" + Evaluation.DEFAULT_PADDING,
            description =
                    "Grey border added around each image, as a share of its size, so the detector sees context around pre-cropped faces (default: ${DEFAULT-VALUE}).")
    float padding;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Any inference option, e.g. --set detector.longest-side=960.")
    Map<String, String> settings = new HashMap<>();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> options = new HashMap<>(settings);
        if (models != null) {
            options.put(ModelOptions.MODELS_DIR, models.toString());
        }
        if (heads != null) {
            options.put(AttributeOptions.ATTRIBUTE_HEADS, heads);
        }
        JobOptions inference = JobOptions.fromMap(options);
        Path imagesRoot = root != null ? root : Assets.fromEnvironment().data();
        PrintWriter err = spec.commandLine().getErr();
        try (Evaluation evaluation =
                Evaluation.open(inference.detector(), inference.attributes(), padding)) {
            StringBuilder faces = facesOut == null ? null : new StringBuilder();
            Map<String, Object> report =
                    evaluation.run(
                            manifests,
                            imagesRoot,
                            line -> {
                                err.println(line);
                                err.flush();
                            },
                            faces);
            if (faces != null) {
                Files.writeString(facesOut, faces);
                err.println("Per-image lines written to " + facesOut.toAbsolutePath());
            }
            String json = Evaluation.toJson(report);
            if (html != null) {
                Files.writeString(html, EvalChart.html(report));
                err.println("Chart written to " + html.toAbsolutePath());
            }
            if (out == null) {
                spec.commandLine().getOut().print(json);
                spec.commandLine().getOut().flush();
            } else {
                Files.writeString(out, json);
                err.println("Report written to " + out.toAbsolutePath());
            }
        }
        return 0;
    }
}
