package io.headcount.app;

import io.headcount.bench.score.FootageScenario;
import io.headcount.bench.score.Scenario;
import io.headcount.bench.score.ScoreRun;
import io.headcount.bench.score.ScoreSettings;
import io.headcount.bench.score.SyntheticScenario;
import io.headcount.core.Assets;
import io.headcount.scoring.report.HtmlReport;
import io.headcount.scoring.report.JsonReport;
import io.headcount.scoring.score.AttributeScore;
import io.headcount.scoring.score.ScoreReport;
import io.headcount.scoring.score.WindowSummary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headcount score}: how right the counts are. Only parses the options into {@link
 * ScoreSettings}; module {@code bench} ({@link ScoreRun}) runs the embedded pipeline over a
 * synthetic scene or over footage with a hand-made annotation, and scores its outputs with module
 * {@code scoring}.
 */
@Command(
        name = "score",
        header = "Scores the counts the pipeline publishes against ground truth.",
        footer = {
            "",
            "Examples:",
            "  bin/headcount score --people 200 --masked 0.3 --seed 1 --out score.json --html score.html",
            "  bin/headcount score --video door.mp4 --truth persons.csv --out score.json"
        },
        mixinStandardHelpOptions = true,
        description = {
            "Runs the whole pipeline in one JVM (in-process Kafka, the inference job, the aggregation",
            "app) over a scenario with ground truth, and scores what came out: visitors counted vs",
            "present, fragmentation, per-visitor attribute accuracy, per-window errors. The scenario",
            "is a synthetic camera scene (default), or your own footage: --video FILE or --images DIR",
            "with --truth persons.csv [--boxes boxes.csv] (format: scoring/README.md)."
        })
final class ScoreCommand implements Callable<Integer> {

    /** The synthetic camera's default faces (shared/data), as the gateway's. */
    static final String DEFAULT_MANIFEST = "faces-sex/utkface_crop_part1/manifest.csv";

    static final String MASK_TEMPLATES = "mask-templates/maskthface/templates";

    @Option(
            names = "--video",
            paramLabel = "FILE",
            description = "Score a video file (anything FFmpeg decodes) against --truth.")
    Path video;

    @Option(
            names = "--images",
            paramLabel = "DIR",
            description =
                    "Score a folder of JPEG/PNG frames (file-name order, image n at n / --fps seconds) against --truth.")
    Path images;

    @Option(
            names = "--truth",
            paramLabel = "persons.csv",
            description =
                    "The footage's annotation: one row per person (person, enter, leave, sex, age_group, masked).")
    Path truthPersons;

    @Option(
            names = "--boxes",
            paramLabel = "boxes.csv",
            description =
                    "Face boxes of the annotated persons at some times (person, time, x, y, width, height); without them tracks are matched by time alone.")
    Path truthBoxes;

    @Option(
            names = "--start",
            paramLabel = "ISO-8601",
            description =
                    "The instant of the footage's time 0, for an annotation with ISO-8601 times (default: the annotation is in seconds since the start).")
    Instant start;

    @Option(
            names = "--max-side",
            defaultValue = "0",
            description =
                    "Footage: downscale frames whose longer side exceeds this many pixels; 0 keeps their size (default: ${DEFAULT-VALUE}).")
    int maxSide;

    @Option(
            names = "--faces",
            paramLabel = "MANIFEST.csv",
            description =
                    "Face manifest to draw people from (columns file and sex; age_group optional): any labelled face set in the shared manifest format (default: shared UTKFace crops).")
    Path faces;

    @Option(
            names = "--root",
            paramLabel = "DIR",
            description =
                    "Folder the manifest's file paths are relative to (default: the manifest's folder, or the nearest folder above it from which they exist).")
    Path root;

    @Option(
            names = "--masked-faces",
            paramLabel = "MANIFEST.csv",
            description =
                    "Faces that already wear a mask (e.g. the manifest headcount augment writes: masks placed on the face's landmarks); the --masked share is drawn from them instead of getting a template pasted on.")
    Path maskedFaces;

    @Option(
            names = "--scene",
            defaultValue = "simple",
            description =
                    "Synthetic scene: simple (frontal faces crossing at a steady speed) or realistic (heads turning, faces growing as people approach, stops, occlusion, blur, lighting and JPEG quality changing, some faces never good enough to judge; bench/README.md) (default: ${DEFAULT-VALUE}).")
    String scene;

    @Option(
            names = "--people",
            defaultValue = "200",
            description =
                    "People who walk through; the scene ends when the last of them has left (default: ${DEFAULT-VALUE}).")
    int people;

    @Option(
            names = "--density",
            defaultValue = "3",
            description = "People in view at once (default: ${DEFAULT-VALUE}).")
    int density;

    @Option(
            names = "--speed",
            defaultValue = "0.2",
            description =
                    "Frame widths per second people cross at, each ±30%% (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(
            names = "--masked",
            defaultValue = "0.3",
            description = "Share of people wearing a mask (default: ${DEFAULT-VALUE}).")
    double masked;

    @Option(
            names = "--fps",
            description =
                    "Synthetic scene: frame rate of its clock (default 10). Video: the rate to sample it at (default: every frame). Images: the rate they were taken at (default 10). Frames are sent as fast as the pipeline takes them.")
    Double fps;

    @Option(
            names = "--width",
            defaultValue = "1280",
            description = "Frame width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(
            names = "--height",
            defaultValue = "720",
            description = "Frame height (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "The same seed gives the same scene (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--window",
            converter = DurationConverter.class,
            defaultValue = "1m",
            description = "Aggregation window, e.g. 1m (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(
            names = "--grace",
            converter = DurationConverter.class,
            defaultValue = "10s",
            description =
                    "Aggregation grace, e.g. 10s; at least the track gap plus its check interval (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(
            names = "--timeout",
            converter = DurationConverter.class,
            defaultValue = "30m",
            description =
                    "Give up when the last window has not closed by then (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--out",
            paramLabel = "FILE.json",
            description = "JSON report (default: score.json).",
            defaultValue = "score.json")
    Path report;

    @Option(names = "--html", paramLabel = "FILE.html", description = "HTML report too.")
    Path html;

    @Option(
            names = "--truth-out",
            paramLabel = "FILE.jsonl",
            description =
                    "Where the synthetic camera's ground truth goes (default: next to --out, .truth.jsonl).")
    Path truthOut;

    @Option(
            names = "--observations-out",
            paramLabel = "FILE.csv",
            description =
                    "Also write the produced face boxes per track (track, time in seconds since the scene's start, x, y, width, height, detection score) and each impression's quality and answers, to check an annotation for persons it left out or find out why a visitor was fused wrongly.")
    Path observationsOut;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Any inference option, e.g. --set onnx.intra-op-threads=2.")
    Map<String, String> inference = new HashMap<>();

    @Spec CommandSpec spec;

    /** Options of the synthetic scene, refused with footage. */
    private static final List<String> SYNTHETIC_OPTIONS =
            List.of(
                    "--faces",
                    "--root",
                    "--masked-faces",
                    "--scene",
                    "--people",
                    "--density",
                    "--speed",
                    "--masked",
                    "--width",
                    "--height",
                    "--seed",
                    "--truth-out");

    /** Options of footage, refused with the synthetic scene. */
    private static final List<String> FOOTAGE_OPTIONS =
            List.of("--truth", "--boxes", "--start", "--max-side");

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Scenario scenario = video != null || images != null ? footage() : synthetic();
        io.headcount.models.FirstUse.ensureDefaultModels(err::println);
        ScoreSettings settings =
                new ScoreSettings(scenario, window, grace, timeout, inference, observationsOut);
        ScoreReport scored =
                ScoreRun.run(
                        settings,
                        line -> {
                            err.println(line);
                            err.flush();
                        });
        JsonReport.write(scored, report);
        err.println("Report written to " + report.toAbsolutePath());
        if (html != null) {
            HtmlReport.write(scored, html);
            err.println("HTML report written to " + html.toAbsolutePath());
        }
        summary(scored).forEach(out::println);
        out.flush();
        err.flush();
        return 0;
    }

    private SyntheticScenario synthetic() {
        refuse(FOOTAGE_OPTIONS, "--video or --images");
        Path data = Assets.fromEnvironment().data();
        Path manifest = faces != null ? faces : data.resolve(DEFAULT_MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalArgumentException("--faces: no such manifest: " + manifest);
        }
        if (root != null && !Files.isDirectory(root)) {
            throw new IllegalArgumentException("--root: not a folder: " + root);
        }
        if (maskedFaces != null) {
            requireFile(maskedFaces, "--masked-faces");
        }
        return new SyntheticScenario(
                manifest,
                root,
                masked > 0 ? data.resolve(MASK_TEMPLATES) : null,
                maskedFaces,
                people,
                density,
                speed,
                masked,
                fps != null ? fps : 10,
                width,
                height,
                seed,
                truthOut != null ? truthOut : sibling(report, ".truth.jsonl"),
                scene);
    }

    private FootageScenario footage() {
        refuse(SYNTHETIC_OPTIONS, "the synthetic scene (no --video or --images)");
        if (video != null && images != null) {
            throw new IllegalArgumentException("give --video or --images, not both");
        }
        if (truthPersons == null) {
            throw new IllegalArgumentException(
                    "--truth persons.csv is needed with --video or --images");
        }
        requireFile(truthPersons, "--truth");
        if (truthBoxes != null) {
            requireFile(truthBoxes, "--boxes");
        }
        if (video != null) {
            requireFile(video, "--video");
        } else if (!Files.isDirectory(images)) {
            throw new IllegalArgumentException("--images: not a folder: " + images);
        }
        double rate = fps != null ? fps : video != null ? 0 : 10;
        return new FootageScenario(video, images, truthPersons, truthBoxes, start, rate, maxSide);
    }

    /** Options given on the command line that the chosen scenario does not use are an error. */
    private void refuse(List<String> options, String onlyWith) {
        for (String option : options) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new IllegalArgumentException(option + " is only for " + onlyWith);
            }
        }
    }

    private static void requireFile(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + ": no such file: " + file);
        }
    }

    /** The headline figures, one per line. */
    static List<String> summary(ScoreReport report) {
        List<String> lines = new ArrayList<>();
        Collections.addAll(
                lines,
                String.format(
                        Locale.ROOT,
                        "Visitors: %d true, %d counted (%s in windows), count error %s",
                        report.visitorsTrue(),
                        report.visitorsCounted(),
                        report.visitorsCountedInWindows(),
                        percent(report.countError())),
                String.format(
                        Locale.ROOT,
                        "  judgeable persons: %d true, %d counted, count error %s",
                        report.visitorsJudgeable(),
                        report.visitorsCountedJudgeable(),
                        percent(report.countErrorJudgeable())),
                String.format(
                        Locale.ROOT,
                        "Tracks: %d missed persons, %d fragments (%s, %d persons), %d false visitors, %d ID switches",
                        report.missedVisitors(),
                        report.fragmentation(),
                        percent(report.fragmentationRate()),
                        report.fragmentedVisitors(),
                        report.falseVisitors(),
                        report.idSwitches()),
                String.format(
                        Locale.ROOT,
                        "Sex accuracy per visitor: unmasked %s%s, masked %s%s (determined %s); per impression %s",
                        percent(report.sexAccuracyUnmasked()),
                        interval(report.attributes().get("sex").accuracyUnmaskedCi95()),
                        percent(report.sexAccuracyMasked()),
                        interval(report.attributes().get("sex").accuracyMaskedCi95()),
                        percent(report.determinedShare()),
                        percent(report.impressionSexAccuracy())),
                sexByAge(report));
        if (!report.maskByType().isEmpty()) {
            lines.add(maskByType(report));
        }
        lines.add(windows(report));
        return lines;
    }

    /** Per-window errors: visitors, and the largest share errors where the targets apply. */
    private static String windows(ScoreReport report) {
        WindowSummary summary = report.windowSummary();
        return String.format(
                Locale.ROOT,
                "Windows: %d, mean absolute visitors error %s; largest share error in windows of"
                        + " %d+ visitors: female %s, masked %s",
                report.windows().size(),
                summary.visitorsMeanAbsError() == null
                        ? "n/a"
                        : String.format(Locale.ROOT, "%.1f", summary.visitorsMeanAbsError()),
                summary.largeWindowMinVisitors(),
                points(summary.femaleShareMaxAbsError()),
                points(summary.maskedShareMaxAbsError()));
    }

    private static String points(Double fraction) {
        return fraction == null ? "n/a" : String.format(Locale.ROOT, "%.1f points", 100 * fraction);
    }

    /** How many masked persons of each mask type were called masked. */
    private static String maskByType(ScoreReport report) {
        StringJoiner types =
                new StringJoiner(", ", "  masked persons called masked, by mask type: ", "");
        report.maskByType()
                .forEach(
                        (type, score) ->
                                types.add(type + " " + score.correct() + "/" + score.visitors()));
        return types.toString();
    }

    /** Sex per visitor for persons of 13 and over, and the children's determined share. */
    private static String sexByAge(ScoreReport report) {
        AttributeScore older = report.attributes().get("sex_13_and_over");
        AttributeScore children = report.attributes().get("sex_under_13");
        return String.format(
                Locale.ROOT,
                "  13 and over: unmasked %s, masked %s (determined %s); under 13: %d, determined %s",
                percent(older.accuracyUnmasked()),
                percent(older.accuracyMasked()),
                percent(older.determinedShare()),
                children.visitors(),
                percent(children.determinedShare()));
    }

    /** " (95 % CI low–high)", or nothing without an interval. */
    private static String interval(List<Double> ci95) {
        return ci95 == null
                ? ""
                : String.format(
                        Locale.ROOT, " (95 %% CI %.1f–%.1f)", 100 * ci95.get(0), 100 * ci95.get(1));
    }

    private static String percent(Double fraction) {
        return fraction == null ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    private static Path sibling(Path file, String suffix) {
        String name = file.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return file.resolveSibling(stem + suffix);
    }
}
