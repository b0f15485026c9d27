package io.headcount.app;

import io.headcount.bench.score.ScoreRun;
import io.headcount.bench.score.ScoreSettings;
import io.headcount.core.Assets;
import io.headcount.scoring.report.HtmlReport;
import io.headcount.scoring.report.JsonReport;
import io.headcount.scoring.score.ScoreReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headcount score}: how right the counts are. Only parses the options into {@link
 * ScoreSettings}; module {@code bench} ({@link ScoreRun}) runs the embedded pipeline over a
 * synthetic scene with ground truth and scores its outputs with module {@code scoring}.
 */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the whole pipeline in one JVM (in-process Kafka, the inference job, the aggregation",
            "app) over a synthetic camera scene with ground truth, and scores what came out: visitors",
            "counted vs present, fragmentation, per-visitor attribute accuracy, per-window errors."
        })
final class ScoreCommand implements Callable<Integer> {

    /** The synthetic camera's default faces (shared/data), as the gateway's. */
    static final String DEFAULT_MANIFEST = "faces-sex/utkface_crop_part1/manifest.csv";

    static final String MASK_TEMPLATES = "mask-templates/maskthface/templates";

    @Option(
            names = "--faces",
            paramLabel = "MANIFEST.csv",
            description =
                    "Face manifest to draw people from; image paths resolve from the nearest folder above it (default: shared UTKFace crops).")
    Path faces;

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
            defaultValue = "10",
            description =
                    "Frame rate of the scene's clock (event time); frames are sent as fast as the pipeline takes them (default: ${DEFAULT-VALUE}).")
    double fps;

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
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Any inference option, e.g. --set onnx.intra-op-threads=2.")
    Map<String, String> inference = new HashMap<>();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        io.headcount.models.FirstUse.ensureDefaultModels(err::println);
        Path data = Assets.fromEnvironment().data();
        Path manifest = faces != null ? faces : data.resolve(DEFAULT_MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalArgumentException("--faces: no such manifest: " + manifest);
        }
        Path truth = truthOut != null ? truthOut : sibling(report, ".truth.jsonl");
        ScoreSettings settings =
                new ScoreSettings(
                        manifest,
                        masked > 0 ? data.resolve(MASK_TEMPLATES) : null,
                        people,
                        density,
                        speed,
                        masked,
                        fps,
                        width,
                        height,
                        seed,
                        window,
                        grace,
                        truth,
                        timeout,
                        inference);
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

    /** The headline figures, one per line. */
    static List<String> summary(ScoreReport report) {
        return List.of(
                String.format(
                        Locale.ROOT,
                        "Visitors: %d true, %d counted (%s in windows), count error %s",
                        report.visitorsTrue(),
                        report.visitorsCounted(),
                        report.visitorsCountedInWindows(),
                        percent(report.countError())),
                String.format(
                        Locale.ROOT,
                        "Tracks: %d missed persons, %d fragments (%d persons), %d false visitors, %d ID switches",
                        report.missedVisitors(),
                        report.fragmentation(),
                        report.fragmentedVisitors(),
                        report.falseVisitors(),
                        report.idSwitches()),
                String.format(
                        Locale.ROOT,
                        "Sex accuracy per visitor: unmasked %s, masked %s (determined %s); per impression %s",
                        percent(report.sexAccuracyUnmasked()),
                        percent(report.sexAccuracyMasked()),
                        percent(report.determinedShare()),
                        percent(report.impressionSexAccuracy())),
                String.format(
                        Locale.ROOT,
                        "Windows: %d, mean absolute visitors error %s",
                        report.windows().size(),
                        report.windowSummary() == null
                                        || report.windowSummary().visitorsMeanAbsError() == null
                                ? "n/a"
                                : String.format(
                                        Locale.ROOT,
                                        "%.1f",
                                        report.windowSummary().visitorsMeanAbsError())));
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
