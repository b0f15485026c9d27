package io.headcount.bench.sizing;

import io.headcount.bench.BenchFrame;
import io.headcount.bench.BenchFrames;
import io.headcount.bench.BenchRun;
import io.headcount.bench.EndToEndRun;
import io.headcount.bench.JsonReport;
import io.headcount.embedded.EmbeddedPipeline;
import io.headcount.vision.settings.FaceAnalysisOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How many live cameras of one size and frame rate this node keeps up with: the embedded pipeline
 * (broker, inference job, aggregation, as {@code headcount run} starts it) fed by {@code n} cameras
 * sending in real time, {@code n} searched by doubling and then bisecting, one short step per
 * {@code n}. A step keeps up when, over its measurement period, results are committed at least
 * {@value #MIN_PROCESSED_SHARE} times as fast as frames are sent, the backlog grows by less than
 * {@value #MAX_LAG_GROWTH_SHARE} of the sending rate, 95 % of the frames have their result within
 * the latency bound, and no frame waited so long that the step was cut short.
 */
public final class CameraSizing {

    /** Results per second against frames sent per second, at least. */
    public static final double MIN_PROCESSED_SHARE = 0.95;

    /** Growth of the backlog (frames per second) against frames sent per second, at most. */
    public static final double MAX_LAG_GROWTH_SHARE = 0.05;

    /**
     * The search stops bisecting once the first failing count is within this share of the last
     * passing one: on a shared machine a step's noise is larger than a camera or two.
     */
    public static final double RESOLUTION = 0.1;

    private CameraSizing() {}

    public static JsonReport run(SizingSettings settings, Consumer<String> log) throws Exception {
        long begin = System.nanoTime();
        String loadBefore = BenchRun.loadAverage();
        FaceAnalysisOptions options = EmbeddedPipeline.faceAnalysis(settings.inference());
        log.accept(
                String.format(
                        "Sizing: %d frames of %dx%d at %.3g fps with %d faces at once (load average %s)",
                        settings.distinctFrames(),
                        settings.width(),
                        settings.height(),
                        settings.framesPerSecond(),
                        settings.faces(),
                        loadBefore));
        List<BenchFrame> frames =
                BenchFrames.synthetic(
                        BenchFrames.defaultManifest(),
                        settings.width(),
                        settings.height(),
                        settings.faces(),
                        settings.distinctFrames(),
                        1,
                        settings.framesPerSecond());
        Duration timeout = settings.checkpointInterval().multipliedBy(4).plusSeconds(60);
        Duration abortAfter = max(settings.maxLatency().multipliedBy(3), Duration.ofSeconds(6));
        Duration stepLength = settings.stepWarmup().plus(settings.stepTime());
        List<Attempt> attempts = new ArrayList<>();
        Search search = new Search(settings.firstCameras(), settings.maxCameras());
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(pipelineSettings(settings))) {
            try (EndToEndRun warmUp =
                    new EndToEndRun(pipeline.bootstrapServers(), frames, pipeline::checkHealthy)) {
                log.accept(
                        "Warm-up: "
                                + settings.warmupTime().toMillis() / 1000.0
                                + " s of frames at full speed, not measured...");
                warmUp.warmUp(Math.min(10, frames.size()), timeout);
                if (settings.warmupTime().compareTo(Duration.ZERO) > 0) {
                    warmUp.warmUpFor(settings.warmupTime(), 40, timeout.plusSeconds(40));
                }
            }
            try (LiveCameras cameras =
                    new LiveCameras(
                            pipeline.bootstrapServers(),
                            frames,
                            settings.framesPerSecond(),
                            pipeline::checkHealthy)) {
                while (!search.done()) {
                    long elapsed = System.nanoTime() - begin;
                    // A passing step drains in about a checkpoint; a failing one is cut short.
                    long needed = stepLength.plus(settings.checkpointInterval()).toNanos();
                    if (elapsed + needed > settings.budget().toNanos()) {
                        log.accept("Time budget spent: the figure is a lower bound.");
                        break;
                    }
                    int n = search.next();
                    String stepLoadBefore = BenchRun.loadAverage();
                    LiveCameras.Step step =
                            cameras.run(
                                    attempts.size() + 1,
                                    n,
                                    settings.stepWarmup(),
                                    settings.stepTime(),
                                    abortAfter,
                                    abortAfter.plus(timeout).plusSeconds(60));
                    Attempt attempt =
                            judge(
                                    step,
                                    settings.maxLatency(),
                                    stepLoadBefore,
                                    BenchRun.loadAverage());
                    attempts.add(attempt);
                    log.accept(attempt.line(settings.framesPerSecond()));
                    search.record(n, attempt.keepsUp());
                }
                pipeline.checkHealthy();
            }
        }
        return report(settings, options, frames, attempts, search, loadBefore, begin);
    }

    private static EmbeddedPipeline.Settings pipelineSettings(SizingSettings settings) {
        Map<String, String> overrides = new HashMap<>(settings.inference());
        overrides.put(BenchRun.PARALLELISM, Integer.toString(parallelism(settings)));
        return new EmbeddedPipeline.Settings(
                settings.window(),
                settings.grace(),
                settings.checkpointInterval(),
                overrides,
                new SimpleMeterRegistry());
    }

    /**
     * The job's parallelism: as {@code --set parallelism} says, else one subtask per core. The
     * embedded mode's own default, 1, leaves a core idle once the heads run on every face (at 2 fps
     * per camera the describe budget picks them all): 7 cameras of 640x360 at 2 fps on 2 cores at
     * parallelism 1 (load average about 1), 12 at parallelism 2.
     */
    static int parallelism(SizingSettings settings) {
        return BenchRun.parallelism(
                settings.inference(), Runtime.getRuntime().availableProcessors());
    }

    /** A step's figures and the verdict on them. */
    record Attempt(
            LiveCameras.Step step,
            boolean keepsUp,
            List<String> failed,
            String loadBefore,
            String loadAfter) {

        String line(double fps) {
            LiveCameras.Step s = step;
            return String.format(
                    "%3d cameras (%.1f frames/s sent): %.1f frames/s processed (%.2f), backlog %+.2f frames/s, latency p95 %.0f ms, %d faces; load %s -> %s: %s",
                    s.cameras(),
                    s.offeredPerSecond(),
                    s.processedPerSecond(),
                    s.processedPerSecond() / s.offeredPerSecond(),
                    s.lagGrowthPerSecond(),
                    s.latencies().percentile(0.95),
                    s.faces(),
                    loadBefore,
                    loadAfter,
                    keepsUp ? "keeps up" : "falls behind (" + String.join("; ", failed) + ")");
        }
    }

    static Attempt judge(
            LiveCameras.Step step, Duration maxLatency, String loadBefore, String loadAfter) {
        List<String> failed = new ArrayList<>();
        double offered = step.offeredPerSecond();
        double share = step.processedPerSecond() / offered;
        if (step.aborted() != null) {
            failed.add("cut short: " + step.aborted());
        }
        if (!(share >= MIN_PROCESSED_SHARE)) {
            failed.add(String.format("processed %.2f of the frames sent per second", share));
        }
        if (!(step.lagGrowthPerSecond() <= MAX_LAG_GROWTH_SHARE * offered)) {
            failed.add(
                    String.format(
                            "backlog grew by %.2f frames/s (%.2f of the rate sent)",
                            step.lagGrowthPerSecond(), step.lagGrowthPerSecond() / offered));
        }
        double p95 = step.latencies().percentile(0.95);
        if (!(p95 <= maxLatency.toMillis())) {
            failed.add(String.format("latency p95 %.0f ms over %d ms", p95, maxLatency.toMillis()));
        }
        if (step.deadLetters() > 0) {
            failed.add(step.deadLetters() + " frames dead-lettered");
        }
        return new Attempt(step, failed.isEmpty(), List.copyOf(failed), loadBefore, loadAfter);
    }

    /**
     * Doubling from the first count until a step falls behind (or the maximum passes), then
     * bisecting between the last count that kept up and the first that did not.
     */
    static final class Search {
        private final int max;
        private int next;
        private int passing;
        private int failing = Integer.MAX_VALUE;
        private String why;

        Search(int first, int max) {
            this.next = first;
            this.max = max;
        }

        int next() {
            return next;
        }

        void record(int cameras, boolean keepsUp) {
            if (keepsUp) {
                passing = Math.max(passing, cameras);
            } else {
                failing = Math.min(failing, cameras);
            }
            if (failing == Integer.MAX_VALUE) {
                if (passing >= max) {
                    why = "the maximum of " + max + " cameras keeps up";
                    return;
                }
                next = Math.min(max, 2 * passing);
            } else if (failing - passing <= Math.max(1, RESOLUTION * passing)) {
                why =
                        passing == 0
                                ? "even " + failing + " camera(s) fall behind"
                                : "bisected to within " + (failing - passing) + " camera(s)";
            } else {
                next = (passing + failing) / 2;
            }
        }

        boolean done() {
            return why != null;
        }

        String why() {
            return why;
        }

        int passing() {
            return passing;
        }

        Integer failing() {
            return failing == Integer.MAX_VALUE ? null : failing;
        }
    }

    private static JsonReport report(
            SizingSettings settings,
            FaceAnalysisOptions options,
            List<BenchFrame> frames,
            List<Attempt> attempts,
            Search search,
            String loadBefore,
            long begin) {
        int cores = Runtime.getRuntime().availableProcessors();
        int perNode = search.passing();
        Attempt best = null;
        for (Attempt attempt : attempts) {
            if (attempt.keepsUp() && attempt.step().cameras() == perNode) {
                best = attempt;
            }
        }
        List<JsonReport> steps = new ArrayList<>();
        for (Attempt attempt : attempts) {
            steps.add(stepReport(attempt));
        }
        return new JsonReport()
                .put("mode", "sizing")
                .put("resolution", settings.width() + "x" + settings.height())
                .put("fps_per_camera", settings.framesPerSecond())
                .put("faces_per_frame_drawn", BenchFrames.meanFaces(frames))
                .put("distinct_frames", frames.size())
                .put("cores", cores)
                .put("parallelism", parallelism(settings))
                .put("attribute_heads", String.join(",", options.attributeHeads()))
                .put("detector_longest_side", options.detector().longestSide())
                .put("execution_provider", options.detector().onnx().executionProvider().name())
                .put("checkpoint_interval_ms", settings.checkpointInterval().toMillis())
                .put("step_warmup_s", settings.stepWarmup().toMillis() / 1000.0)
                .put("step_s", settings.stepTime().toMillis() / 1000.0)
                .put("min_processed_share", MIN_PROCESSED_SHARE)
                .put("max_lag_growth_share", MAX_LAG_GROWTH_SHARE)
                .put("max_latency_ms_p95", settings.maxLatency().toMillis())
                .put("cameras_per_node", perNode)
                .put("cameras_per_core", (double) perNode / cores)
                .put("frames_per_s_per_node", perNode * settings.framesPerSecond())
                .put("first_failing_cameras", search.failing())
                .put("search_complete", search.done())
                .put("search_stopped", search.done() ? search.why() : "time budget spent")
                .put("load_average_at_figure", best == null ? null : best.loadAfter())
                .put("load_average_start", loadBefore)
                .put("load_average_end", BenchRun.loadAverage())
                .put("seconds", (System.nanoTime() - begin) / 1e9)
                .put("steps", steps);
    }

    private static JsonReport stepReport(Attempt attempt) {
        LiveCameras.Step s = attempt.step();
        return new JsonReport()
                .put("cameras", s.cameras())
                .put("keeps_up", attempt.keepsUp())
                .put("failed", attempt.failed())
                .put("offered_fps", s.offeredPerSecond())
                .put("processed_fps", s.processedPerSecond())
                .put("processed_share", s.processedPerSecond() / s.offeredPerSecond())
                .put("lag_growth_fps", s.lagGrowthPerSecond())
                .put("lag_frames_mean", s.lagMean())
                .put("lag_frames_max", s.lagMax())
                .put("oldest_wait_s_max", s.oldestWaitMaxSeconds())
                .put("latency_ms_p50", s.latencies().percentile(0.5))
                .put("latency_ms_p95", s.latencies().percentile(0.95))
                .put("latency_ms_p99", s.latencies().percentile(0.99))
                .put("latency_frames", s.latencies().count())
                .put("frames_published", s.published())
                .put("frames_processed", s.processed())
                .put("faces_processed", s.faces())
                .put("dead_letters", s.deadLetters())
                .put("measured_s", s.seconds())
                .put("drain_s", s.drainSeconds())
                .put("drain_fps", s.drainPerSecond())
                .put("load_average_start", attempt.loadBefore())
                .put("load_average_end", attempt.loadAfter());
    }

    /** The console's summary line. */
    public static List<String> summary(JsonReport report) {
        return List.of(
                String.format(
                        "Cameras per node %d (%.2f per core) of %s at %s fps, default model set %s; first failing: %s; load average %s (start %s, end %s); %s",
                        report.get("cameras_per_node"),
                        report.get("cameras_per_core"),
                        report.get("resolution"),
                        report.get("fps_per_camera"),
                        report.get("attribute_heads"),
                        report.get("first_failing_cameras") == null
                                ? "none tried"
                                : report.get("first_failing_cameras"),
                        report.get("load_average_at_figure"),
                        report.get("load_average_start"),
                        report.get("load_average_end"),
                        report.get("search_stopped")));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
