package io.headcount.app;

import io.headcount.bench.BenchRun;
import io.headcount.bench.BenchSettings;
import io.headcount.bench.JsonReport;
import io.headcount.bench.sizing.CameraSizing;
import io.headcount.bench.sizing.SizingSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headcount bench}: throughput, latency and memory of the whole pipeline on the synthetic
 * camera, against the bare ONNX Runtime floor and OpenCV's YuNet on the same frames, in one run.
 * Only parses the options into {@link BenchSettings}; module {@code bench} ({@link BenchRun}) runs
 * and reports.
 */
@Command(
        name = "bench",
        header = "Measures throughput, latency and memory against the models' floor.",
        footer = {
            "",
            "Examples:",
            "  bin/headcount bench --seconds 30 --out bench.json",
            "  bin/headcount bench --sizing --width 640 --height 360 --fps 2 --out sizing.json"
        },
        mixinStandardHelpOptions = true,
        description = {
            "Measures the pipeline end to end (in-process Kafka, inference job, aggregation) on the",
            "synthetic camera, the bare ONNX Runtime time of the same models on the same frames under",
            "the same describe budget (the floor, on one thread and on all cores), and OpenCV's YuNet",
            "(python3-opencv) on them; prints ratios and writes JSON."
        })
final class BenchCommand implements Callable<Integer> {

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
            names = "--faces",
            defaultValue = "3",
            description = "People in view at once (default: ${DEFAULT-VALUE}).")
    int faces;

    @Option(
            names = "--frames",
            defaultValue = "60",
            description = "Distinct frames made and cycled through (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "30",
            description =
                    "Unmeasured warm-up at full speed before the rounds: the JIT compiles the broker's, Flink's and Streams' code for minutes, at 7 ms of CPU per frame after 6 s and 4 ms after 40 s (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(
            names = "--max-warmup-seconds",
            defaultValue = "300",
            description =
                    "The warm-up goes on past --warmup-seconds, in 20 s steps, until the JIT compiles for at most 5 % of a core, or this long in all: the figures of a job that runs for days, not of its first minutes (default: ${DEFAULT-VALUE}; at most --warmup-seconds: a fixed warm-up).")
    double maxWarmupSeconds;

    @Option(
            names = "--seconds",
            defaultValue = "30",
            description =
                    "Throughput phase: frames as fast as the pipeline takes them (default: ${DEFAULT-VALUE}); several minutes show whether memory stays flat.")
    double seconds;

    @Option(
            names = "--rounds",
            defaultValue = "4",
            description =
                    "The throughput time is cut into this many slices, each after a pass of the ORT floor over the frames, so both see the same machine load (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--latency-seconds",
            defaultValue = "15",
            description = "Latency phase at a steady rate (default: ${DEFAULT-VALUE}).")
    double latencySeconds;

    @Option(
            names = "--latency-load",
            defaultValue = "0.5",
            description =
                    "Latency phase rate as a share of the measured throughput (default: ${DEFAULT-VALUE}).")
    double latencyLoad;

    @Option(
            names = "--backlog",
            defaultValue = "0",
            description =
                    "Frames in flight at most in the throughput phase; 0 = 200 per second of checkpoint interval (exactly-once results appear at checkpoints, so fewer would cap the throughput at backlog / interval) (default: ${DEFAULT-VALUE}).")
    int backlog;

    @Option(
            names = "--checkpoint-ms",
            defaultValue = "1000",
            description =
                    "Checkpoint interval: exactly-once results appear at checkpoints (default: ${DEFAULT-VALUE}).")
    long checkpointMillis;

    @Option(
            names = "--window-ms",
            defaultValue = "1000",
            description =
                    "Aggregation window in event time, i.e. 10 frames of the 10 fps scene clock (default: ${DEFAULT-VALUE}).")
    long windowMillis;

    @Option(
            names = "--grace-ms",
            defaultValue = "4000",
            description =
                    "Aggregation grace: the least it accepts (track gap plus check interval); frame-to-stats latency includes window and grace (default: ${DEFAULT-VALUE}).")
    long graceMillis;

    @Option(
            names = "--aggregation-observations",
            defaultValue = "800000",
            description =
                    "Observations of the aggregation-only throughput phase (the Kafka Streams app alone, exactly-once, on its own in-process broker); 0 leaves it out (default: ${DEFAULT-VALUE}).")
    int aggregationObservations;

    @Option(
            names = "--e2e-cameras",
            defaultValue = "0",
            description =
                    "End to end: the frames come from this many cameras in turn, each through the whole cycle at its own 10 fps, with ids that spread over the job's subtasks; the job runs one subtask per camera up to one per core unless --set parallelism=N; 0 = one camera per core (default: ${DEFAULT-VALUE}).")
    int e2eCameras;

    @Option(
            names = "--sizing",
            description =
                    "Instead of the figures above: how many live cameras of --width x --height at --fps this node keeps up with (doubling, then bisecting the camera count; one short step each).")
    boolean sizing;

    @Option(
            names = "--fps",
            defaultValue = "2",
            description =
                    "Sizing: each camera's frame rate, sent in real time (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(
            names = "--cameras",
            defaultValue = "1",
            description = "Sizing: cameras of the first step (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(
            names = "--max-cameras",
            defaultValue = "256",
            description =
                    "Sizing: the search never tries more; --cameras N --max-cameras N runs one step of N (default: ${DEFAULT-VALUE}).")
    int maxCameras;

    @Option(
            names = "--step-seconds",
            defaultValue = "20",
            description =
                    "Sizing: each step's measurement period, after its warm-up (default: ${DEFAULT-VALUE}).")
    double stepSeconds;

    @Option(
            names = "--step-warmup-seconds",
            defaultValue = "6",
            description =
                    "Sizing: each step's cameras run this long before it is measured (default: ${DEFAULT-VALUE}).")
    double stepWarmupSeconds;

    @Option(
            names = "--budget-seconds",
            defaultValue = "480",
            description =
                    "Sizing: no step starts that would end later than this after the start; the figure is then a lower bound (default: ${DEFAULT-VALUE}).")
    double budgetSeconds;

    @Option(
            names = "--max-latency-ms",
            defaultValue = "2000",
            description =
                    "Sizing: a step keeps up only if 95 %% of its frames have their committed result within this (default: ${DEFAULT-VALUE}).")
    long maxLatencyMillis;

    @Option(
            names = "--python",
            paramLabel = "PATH",
            description =
                    "Python with cv2 for the OpenCV peer (default: $HEADCOUNT_OPENCV_PYTHON or /usr/bin/python3).")
    String python;

    @Option(
            names = "--out",
            paramLabel = "FILE.json",
            description = "Report file (default: standard output).")
    Path out;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "Any inference option, for every measurement, e.g. --set onnx.intra-op-threads=2.")
    Map<String, String> settings = new HashMap<>();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> log =
                line -> {
                    err.println(line);
                    err.flush();
                };
        if (sizing) {
            JsonReport report = CameraSizing.run(sizingSettings(), log);
            return write(report, CameraSizing.summary(report));
        }
        BenchSettings run =
                new BenchSettings(
                        width,
                        height,
                        faces,
                        frames,
                        seconds(warmupSeconds),
                        seconds(maxWarmupSeconds),
                        seconds(seconds),
                        rounds,
                        seconds(latencySeconds),
                        latencyLoad,
                        backlog,
                        Duration.ofMillis(checkpointMillis),
                        Duration.ofMillis(windowMillis),
                        Duration.ofMillis(graceMillis),
                        settings,
                        python,
                        aggregationObservations,
                        e2eCameras);
        JsonReport report = BenchRun.run(run, log);
        return write(report, BenchRun.summary(report));
    }

    private SizingSettings sizingSettings() {
        return new SizingSettings(
                width,
                height,
                faces,
                fps,
                frames,
                seconds(warmupSeconds),
                seconds(stepWarmupSeconds),
                seconds(stepSeconds),
                cameras,
                maxCameras,
                seconds(budgetSeconds),
                Duration.ofMillis(maxLatencyMillis),
                Duration.ofMillis(checkpointMillis),
                Duration.ofMillis(windowMillis),
                Duration.ofMillis(graceMillis),
                settings);
    }

    private int write(JsonReport report, List<String> summary) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        summary.forEach(err::println);
        err.flush();
        if (out == null) {
            spec.commandLine().getOut().print(report);
            spec.commandLine().getOut().flush();
        } else {
            Files.writeString(out, report.toString());
            err.println("Report written to " + out.toAbsolutePath());
        }
        return 0;
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis((long) (seconds * 1000));
    }
}
