package io.headcount.bench;

import io.headcount.bench.aggregation.AggregationThroughput;
import io.headcount.bench.cpu.ThreadCpu;
import io.headcount.embedded.EmbeddedPipeline;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.settings.FaceAnalysisOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One benchmark run, all in this JVM so every figure is measured under the same load: the job's
 * detection stage, the bare ONNX Runtime floor and OpenCV's YuNet on the same frames, then the
 * whole pipeline (broker, inference job, aggregation) end to end. Returns the JSON report.
 */
public final class BenchRun {

    private BenchRun() {}

    public static JsonReport run(BenchSettings settings, Consumer<String> log) throws Exception {
        String loadBefore = loadAverage();
        FaceAnalysisOptions options = EmbeddedPipeline.faceAnalysis(settings.inference());
        DetectorSettings detector = options.detector();
        log.accept(
                String.format(
                        "Making %d frames of %dx%d with %d faces at once (load average %s)",
                        settings.distinctFrames(),
                        settings.width(),
                        settings.height(),
                        settings.faces(),
                        loadBefore));
        List<BenchFrame> frames =
                BenchFrames.synthetic(
                        BenchFrames.defaultManifest(),
                        settings.width(),
                        settings.height(),
                        settings.faces(),
                        settings.distinctFrames(),
                        1);
        List<BgrImage> images = BenchFrames.decode(frames);
        int warmup = Math.min(10, frames.size());

        log.accept("Detection stage (letterbox, YuNet, decoding, NMS) and OpenCV's YuNet...");
        DetectionTiming.Result detection;
        OpenCvYuNet.Outcome cv;
        try (YuNetDetector yunet = YuNetDetector.open(detector)) {
            // Ours, OpenCV's, ours again: the load on a shared machine drifts, so both runs of
            // ours bracket OpenCV's.
            DetectionTiming.Result before = DetectionTiming.measure(yunet, images, warmup, 1);
            cv =
                    openCv(settings, options)
                            .run(
                                    frames,
                                    detector.longestSide(),
                                    detector.onnx().intraOpThreads(),
                                    detector.scoreThreshold(),
                                    detector.nmsIou(),
                                    2);
            DetectionTiming.Result after = DetectionTiming.measure(yunet, images, 0, 1);
            detection = before.plus(after);
        }
        if (!cv.available()) {
            log.accept("OpenCV not measured: " + cv.unavailableReason());
        }

        log.accept(
                "End to end (broker, inference job, aggregation in this JVM) in "
                        + settings.rounds()
                        + " rounds, each after a pass of the bare ORT floor...");
        EndToEndRun.Throughput throughput = new EndToEndRun.Throughput(0, 0, 0, 0);
        Map<ThreadCpu.Part, Double> cpuMillis = null;
        long cpuFrames = 0;
        ModelFloor.Result floor = null;
        ModelFloor.AllCores floorAllCores = null;
        ModelFloor.Plan plan;
        EndToEndRun.Latency latency;
        double[] memory;
        long lost;
        WarmUp warmUp = new WarmUp(0, Double.NaN);
        JitSettling roundsJit = new JitSettling();
        double roundsJitMillis = 0;
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> cameras = e2eCameraIds(settings);
        log.accept(
                String.format(
                        "End to end: %d camera(s) in turn (%s), the job at parallelism %d",
                        cameras.size(), String.join(", ", cameras), e2eParallelism(settings)));
        try (ModelFloor models = ModelFloor.open(options, images, cores);
                MemorySampler sampler = MemorySampler.start(500);
                EmbeddedPipeline pipeline = EmbeddedPipeline.start(pipelineSettings(settings));
                EndToEndRun run =
                        new EndToEndRun(
                                pipeline.bootstrapServers(),
                                frames,
                                cameras,
                                pipeline::checkHealthy)) {
            Duration timeout = settings.checkpointInterval().multipliedBy(4).plusSeconds(60);
            plan = models.plan();
            log.accept(
                    String.format(
                            "Describe budget: the heads run on %d of %d usable faces (%.0f %%) of a cycle of %d frames",
                            plan.facesDescribed(),
                            plan.facesUsable(),
                            100 * plan.describedShare(),
                            plan.frames()));
            models.measure();
            models.measureAllCores();
            run.warmUp(warmup, timeout);
            // The drain after a slice waits for up to a backlog of frames on a loaded machine.
            Duration drain = timeout.plusSeconds(settings.framesInFlight());
            if (!settings.warmupTime().isZero() && !settings.warmupTime().isNegative()) {
                log.accept(
                        String.format(
                                "Warm-up: %.0f s end to end and a pass of the floor, then on until the JIT compiles for at most %.0f %% of a core (%.0f s at most), not measured...",
                                settings.warmupTime().toMillis() / 1000.0,
                                100 * JitSettling.SETTLED_SHARE,
                                settings.warmupLimit().toMillis() / 1000.0));
                models.measure();
                models.measureAllCores();
                warmUp = warmUp(run, settings, drain, log);
            }
            int samplesBefore = sampler.samplesMb().length;
            Duration slice = settings.throughputTime().dividedBy(settings.rounds());
            for (int round = 1; round <= settings.rounds(); round++) {
                // The pipeline is drained and idle: the floor runs under the same load as the
                // slice that follows it.
                ModelFloor.Result pass = models.measure();
                ModelFloor.AllCores allCores = models.measureAllCores();
                floor = floor == null ? pass : floor.plus(pass);
                floorAllCores = floorAllCores == null ? allCores : floorAllCores.plus(allCores);
                ThreadCpu cpuBefore = ThreadCpu.now();
                roundsJit.mark();
                long sentBefore = run.framesSent();
                EndToEndRun.Throughput part =
                        run.throughput(slice, settings.framesInFlight(), drain);
                throughput = throughput.plus(part);
                cpuMillis = sum(cpuMillis, ThreadCpu.now().millisSince(cpuBefore));
                roundsJitMillis += roundsJit.compileMillisSinceMark();
                cpuFrames += run.framesSent() - sentBefore;
                log.accept(
                        String.format(
                                "round %d/%d: floor %.1f frames/s on %d cores (%s), %.1f on one thread; end to end %.1f frames/s (load %s)",
                                round,
                                settings.rounds(),
                                allCores.framesPerSecond(),
                                allCores.threads(),
                                allCores.mode(),
                                pass.framesPerSecond(),
                                part.framesPerSecond(),
                                loadAverage()));
            }
            double[] all = sampler.samplesMb();
            memory = java.util.Arrays.copyOfRange(all, samplesBefore, all.length);
            double rate = Math.max(0.5, settings.latencyLoad() * throughput.framesPerSecond());
            log.accept(String.format("Latency at %.1f frames/s...", rate));
            latency = run.latency(rate, settings.latencyTime(), timeout);
            pipeline.checkHealthy();
            lost = run.lostFrames();
        }
        AggregationThroughput.Result aggregation = null;
        String aggregationLoadBefore = null;
        String aggregationLoadAfter = null;
        if (settings.aggregationObservations() > 0) {
            // After the pipeline has stopped, on a broker of its own: nothing else of the run
            // competes for the cores.
            aggregationLoadBefore = loadAverage();
            log.accept(
                    String.format(
                            "Aggregation alone (Kafka Streams, exactly-once) on %d observations (load %s)...",
                            settings.aggregationObservations(), aggregationLoadBefore));
            aggregation = AggregationThroughput.broker(settings.aggregationObservations());
            aggregationLoadAfter = loadAverage();
            log.accept("Aggregation: " + aggregation);
        }
        return report(
                        settings,
                        options,
                        frames,
                        detection,
                        floor,
                        floorAllCores,
                        plan,
                        cv,
                        throughput,
                        latency,
                        memory,
                        loadBefore,
                        loadAverage())
                .put("frames_lost", lost)
                .put("warmup_s", warmUp.seconds())
                .put("warmup_jit_share", warmUp.jitShare())
                .put("e2e_jit_ms_per_frame", cpuFrames == 0 ? null : roundsJitMillis / cpuFrames)
                .put("e2e_cpu_ms_per_frame", cpuPerFrame(cpuMillis, cpuFrames))
                .put("floor_cpu_ms_per_frame", floorCpuPerFrame(floorAllCores))
                .put(
                        "e2e_job_threads_vs_floor",
                        jobThreadsVsFloor(cpuMillis, cpuFrames, floorAllCores))
                .put(
                        "aggregation_observations_per_s",
                        aggregation == null ? null : aggregation.observationsPerSecond())
                .put(
                        "aggregation_records_per_s",
                        aggregation == null ? null : aggregation.recordsPerSecond())
                .put(
                        "aggregation_observations_per_cpu_s",
                        aggregation == null ? null : aggregation.observationsPerCpuSecond())
                .put(
                        "aggregation_observations_per_stream_thread_cpu_s",
                        aggregation == null
                                ? null
                                : aggregation.observationsPerStreamThreadCpuSecond())
                .put(
                        "aggregation_observations",
                        aggregation == null ? null : aggregation.observations())
                .put("aggregation_seconds", aggregation == null ? null : aggregation.seconds())
                .put("aggregation_windows", aggregation == null ? null : aggregation.windows())
                .put("aggregation_visitors", aggregation == null ? null : aggregation.visitors())
                .put("aggregation_load_average_start", aggregationLoadBefore)
                .put("aggregation_load_average_end", aggregationLoadAfter);
    }

    /** How long the warm-up ran and what share of a core the JIT took in its last step. */
    private record WarmUp(double seconds, double jitShare) {}

    /**
     * Frames at full speed for the minimum warm-up, then in steps of {@link JitSettling#STEP} while
     * the JIT still compiles for more than {@link JitSettling#SETTLED_SHARE} of a core, up to the
     * limit.
     */
    private static WarmUp warmUp(
            EndToEndRun run, BenchSettings settings, Duration drain, Consumer<String> log)
            throws InterruptedException {
        JitSettling jit = new JitSettling();
        long start = System.nanoTime();
        run.warmUpFor(settings.warmupTime(), settings.framesInFlight(), drain);
        double share = jit.shareSinceMark();
        Duration warmed = Duration.ofNanos(System.nanoTime() - start);
        // Where the JIT's time is unknown the share reads 0: the warm-up is the minimum.
        while (share > JitSettling.SETTLED_SHARE && warmed.compareTo(settings.warmupLimit()) < 0) {
            Duration left = settings.warmupLimit().minus(warmed);
            Duration step = left.compareTo(JitSettling.STEP) < 0 ? left : JitSettling.STEP;
            log.accept(
                    String.format(
                            "  after %.0f s the JIT compiles for %.0f %% of a core: %.0f s more",
                            warmed.toMillis() / 1000.0, 100 * share, step.toMillis() / 1000.0));
            jit.mark();
            run.warmUpFor(step, settings.framesInFlight(), drain);
            share = jit.shareSinceMark();
            warmed = Duration.ofNanos(System.nanoTime() - start);
        }
        log.accept(
                String.format(
                        "  warmed up for %.0f s; the JIT compiles for %.0f %% of a core",
                        warmed.toMillis() / 1000.0, 100 * share));
        return new WarmUp(warmed.toMillis() / 1000.0, share);
    }

    private static Map<ThreadCpu.Part, Double> sum(
            Map<ThreadCpu.Part, Double> total, Map<ThreadCpu.Part, Double> more) {
        if (total == null) {
            return more;
        }
        Map<ThreadCpu.Part, Double> sum = new EnumMap<>(total);
        more.forEach((part, millis) -> sum.merge(part, millis, Double::sum));
        return sum;
    }

    /**
     * The CPU time of the throughput slices per frame sent, by part of the JVM, and in all; null
     * where threads' CPU times cannot be read.
     */
    private static JsonReport cpuPerFrame(Map<ThreadCpu.Part, Double> millis, long frames) {
        if (millis == null || frames == 0) {
            return null;
        }
        JsonReport perFrame = new JsonReport();
        double total = 0;
        for (ThreadCpu.Part part : ThreadCpu.Part.values()) {
            double value = millis.getOrDefault(part, 0.0);
            perFrame.put(part.key, value / frames);
            total += value;
        }
        return perFrame.put("total", total / frames);
    }

    /** The floor's CPU per frame: its threads kept busy, over its rate. */
    private static double floorCpuPerFrame(ModelFloor.AllCores floor) {
        return floor.threads() * 1000.0 / floor.framesPerSecond();
    }

    /**
     * The floor's CPU per frame over that of the job's own threads (tasks and decoding): how close
     * the job comes to the bare models where it runs, apart from what the embedded run adds beside
     * it (broker, JIT, the bench's own threads); null where threads' CPU cannot be read.
     */
    private static Double jobThreadsVsFloor(
            Map<ThreadCpu.Part, Double> millis, long frames, ModelFloor.AllCores floor) {
        if (millis == null || frames == 0) {
            return null;
        }
        double job =
                (millis.get(ThreadCpu.Part.JOB_TASKS) + millis.get(ThreadCpu.Part.JOB_DECODING))
                        / frames;
        return floorCpuPerFrame(floor) / job;
    }

    private static OpenCvYuNet openCv(BenchSettings settings, FaceAnalysisOptions options) {
        return settings.opencvPython() == null
                ? OpenCvYuNet.fromEnvironment(options.modelsDirectory())
                : new OpenCvYuNet(settings.opencvPython(), options.modelsDirectory());
    }

    /** The inference option of the job's parallelism. */
    public static final String PARALLELISM = "parallelism";

    /** The end-to-end cameras: as set, or one per core for 0. */
    static int e2eCameras(BenchSettings settings) {
        return settings.cameras() > 0
                ? settings.cameras()
                : Runtime.getRuntime().availableProcessors();
    }

    /** The end-to-end cameras' ids, spread evenly over the job's subtasks. */
    static List<String> e2eCameraIds(BenchSettings settings) {
        return BenchCameras.spread(e2eCameras(settings), e2eParallelism(settings));
    }

    /**
     * The job's parallelism: as {@code --set parallelism} says, else one subtask per camera up to
     * one per core (a camera's frames are processed in order on one subtask, its tracker's).
     */
    static int e2eParallelism(BenchSettings settings) {
        return parallelism(
                settings.inference(),
                Math.min(e2eCameras(settings), Runtime.getRuntime().availableProcessors()));
    }

    /** The job's parallelism as {@code --set parallelism} says, else {@code otherwise}. */
    public static int parallelism(Map<String, String> inference, int otherwise) {
        String set = inference.get(PARALLELISM);
        return set != null ? Integer.parseInt(set) : otherwise;
    }

    private static EmbeddedPipeline.Settings pipelineSettings(BenchSettings settings) {
        Map<String, String> overrides = new HashMap<>(settings.inference());
        overrides.put(PARALLELISM, Integer.toString(e2eParallelism(settings)));
        return new EmbeddedPipeline.Settings(
                settings.window(),
                settings.grace(),
                settings.checkpointInterval(),
                overrides,
                new SimpleMeterRegistry());
    }

    private static JsonReport report(
            BenchSettings settings,
            FaceAnalysisOptions options,
            List<BenchFrame> frames,
            DetectionTiming.Result detection,
            ModelFloor.Result floor,
            ModelFloor.AllCores floorAllCores,
            ModelFloor.Plan plan,
            OpenCvYuNet.Outcome cv,
            EndToEndRun.Throughput throughput,
            EndToEndRun.Latency latency,
            double[] memory,
            String loadBefore,
            String loadAfter) {
        double e2eFps = throughput.framesPerSecond();
        double floorFps = floorAllCores.framesPerSecond();
        double floorOneThreadFps = floor.framesPerSecond();
        double detectMs = detection.millis().mean();
        Double opencvMs = cv.number("detect_ms_mean");
        int half = memory.length / 2;
        double firstHalf = MemorySampler.peak(memory, 0, half);
        double secondHalf = MemorySampler.peak(memory, half, memory.length);
        // Quarters too: a heap that is still growing shows as a rising staircase, a bound as a step
        // that levels off.
        List<Double> quarters = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            quarters.add(
                    MemorySampler.peak(memory, q * memory.length / 4, (q + 1) * memory.length / 4));
        }

        JsonReport perModel = new JsonReport();
        floor.perRole().keySet().forEach(role -> perModel.put(role, floor.millisPerFrame(role)));
        JsonReport report = new JsonReport();
        report.put("resolution", settings.width() + "x" + settings.height())
                .put("faces_per_frame_drawn", BenchFrames.meanFaces(frames))
                .put("distinct_frames", frames.size())
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("load_average_start", loadBefore)
                .put("load_average_end", loadAfter)
                .put("attribute_heads", String.join(",", options.attributeHeads()))
                .put("detector_longest_side", options.detector().longestSide())
                .put("intra_op_threads_detector", options.detector().onnx().intraOpThreads())
                .put("execution_provider", options.detector().onnx().executionProvider().name())
                .put("checkpoint_interval_ms", settings.checkpointInterval().toMillis())
                .put("frames_in_flight", settings.framesInFlight())
                .put("window_ms", settings.window().toMillis())
                .put("grace_ms", settings.grace().toMillis())
                .put("e2e_fps", e2eFps)
                .put("e2e_cameras", e2eCameras(settings))
                .put("e2e_camera_ids", e2eCameraIds(settings))
                .put("e2e_parallelism", e2eParallelism(settings))
                .put("e2e_faces_per_s", throughput.facesPerSecond())
                .put("e2e_frames", throughput.frames())
                .put("e2e_faces_described_per_frame", throughput.facesDescribedPerFrame())
                .put("e2e_seconds", throughput.seconds())
                .put("floor_fps", floorFps)
                .put("floor_threads", floorAllCores.threads())
                .put("floor_mode", floorAllCores.mode().name().toLowerCase(Locale.ROOT))
                .put("floor_workers_fps", floorAllCores.workersFramesPerSecond())
                .put("floor_intra_op_fps", floorAllCores.intraOpFramesPerSecond())
                .put("floor_1t_fps", floorOneThreadFps)
                .put("floor_ms_per_frame", floor.millisPerFrame().mean())
                .put("floor_ms_per_model", perModel)
                .put("floor_faces_usable_per_frame", (double) plan.facesUsable() / plan.frames())
                .put(
                        "floor_faces_described_per_frame",
                        (double) plan.facesDescribed() / plan.frames())
                .put("floor_described_share", plan.describedShare())
                .put("describe_per_track_per_s", options.describeBudget().perTrackPerSecond())
                .put(
                        "describe_undetermined_per_track_per_s",
                        options.describeBudget().undeterminedPerTrackPerSecond())
                .put("e2e_vs_floor", e2eFps / floorFps)
                .put("e2e_vs_floor_1t", e2eFps / floorOneThreadFps)
                .put("detect_ms", detectMs)
                .put("detect_ms_p50", detection.millis().percentile(0.5))
                .put("detect_ms_p99", detection.millis().percentile(0.99))
                .put("detect_faces_per_pass", detection.faces())
                .put("opencv_detect_ms", opencvMs)
                .put("opencv_detect_ms_p50", cv.number("detect_ms_p50"))
                .put("opencv_faces_per_pass", cv.available() ? cv.number("faces") / 2 : null)
                .put("opencv_input", cv.available() ? longest(options) : null)
                .put("opencv_unavailable", cv.unavailableReason())
                .put("detect_vs_opencv", opencvMs == null ? null : opencvMs / detectMs)
                .put("latency_load_fps", latency.framesPerSecond())
                .put("latency_frames", latency.frames())
                .put("frame_to_observation_ms_p50", latency.toObservation().percentile(0.5))
                .put("frame_to_observation_ms_p99", latency.toObservation().percentile(0.99))
                .put("frame_to_processed_ms_p50", latency.toProcessed().percentile(0.5))
                .put("frame_to_processed_ms_p99", latency.toProcessed().percentile(0.99))
                .put("frame_to_stats_ms_p50", latency.toStats().percentile(0.5))
                .put("frame_to_stats_ms_p99", latency.toStats().percentile(0.99))
                .put("peak_rss_mb", MemorySampler.peakResidentMb())
                .put("rss_peak_first_half_mb", firstHalf)
                .put("rss_peak_second_half_mb", secondHalf)
                .put("rss_peak_by_quarter_mb", quarters)
                .put("rss_samples", memory.length)
                .put("rounds", settings.rounds());
        return report;
    }

    private static String longest(FaceAnalysisOptions options) {
        int side = options.detector().longestSide();
        return side + "x" + side;
    }

    /** The 1-, 5- and 15-minute load averages of {@code /proc/loadavg}, or "unknown". */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Summary lines for the console: the figures and their ratios. */
    public static List<String> summary(JsonReport report) {
        return List.of(
                String.format(
                        "End to end   %7.1f frames/s  %7.1f faces/s  (%s camera(s), parallelism %s)",
                        report.get("e2e_fps"),
                        report.get("e2e_faces_per_s"),
                        report.get("e2e_cameras"),
                        report.get("e2e_parallelism")),
                String.format(
                        "ORT floor    %7.1f frames/s  (models only, %d cores, %s; heads on %.0f %% of usable faces)",
                        report.get("floor_fps"),
                        report.get("floor_threads"),
                        report.get("floor_mode"),
                        100 * (Double) report.get("floor_described_share")),
                String.format(
                        "ORT floor 1t %7.1f frames/s  (one thread, %.2f ms/frame)",
                        report.get("floor_1t_fps"), report.get("floor_ms_per_frame")),
                String.format(
                        "e2e / floor  %7.2f  (e2e / one-thread floor %.2f)",
                        report.get("e2e_vs_floor"), report.get("e2e_vs_floor_1t")),
                cpuText(report),
                report.get("aggregation_observations_per_s") == null
                        ? "Aggregation      n/a  (--aggregation-observations 0)"
                        : String.format(
                                "Aggregation  %7.0f observations/s  (%.0f per CPU second; exactly-once, load %s → %s)",
                                report.get("aggregation_observations_per_s"),
                                report.get("aggregation_observations_per_cpu_s"),
                                report.get("aggregation_load_average_start"),
                                report.get("aggregation_load_average_end")),
                String.format("Detect stage %7.2f ms/frame", report.get("detect_ms")),
                report.get("opencv_detect_ms") == null
                        ? "OpenCV YuNet    n/a  (" + report.get("opencv_unavailable") + ")"
                        : String.format(
                                "OpenCV YuNet %7.2f ms/frame  (OpenCV / ours %.2f)",
                                report.get("opencv_detect_ms"), report.get("detect_vs_opencv")),
                String.format(
                        "Latency at %.1f frames/s: frame->observation p50 %.0f ms p99 %.0f ms; frame->stats p50 %.0f ms p99 %.0f ms",
                        report.get("latency_load_fps"),
                        report.get("frame_to_observation_ms_p50"),
                        report.get("frame_to_observation_ms_p99"),
                        report.get("frame_to_stats_ms_p50"),
                        report.get("frame_to_stats_ms_p99")),
                String.format(
                        "Memory: peak RSS %.0f MB; throughput phase peaks %.0f MB (first half), %.0f MB (second half), by quarter %s MB",
                        report.get("peak_rss_mb"),
                        report.get("rss_peak_first_half_mb"),
                        report.get("rss_peak_second_half_mb"),
                        quarterText(report.get("rss_peak_by_quarter_mb"))));
    }

    /** The end-to-end CPU per frame by part, beside the floor's. */
    private static String cpuText(JsonReport report) {
        if (!(report.get("e2e_cpu_ms_per_frame") instanceof JsonReport cpu)) {
            return "CPU/frame      n/a";
        }
        StringBuilder parts = new StringBuilder();
        for (ThreadCpu.Part part : ThreadCpu.Part.values()) {
            parts.append(String.format(" %s %.1f", part.key, (Double) cpu.get(part.key)));
        }
        Object jit = report.get("e2e_jit_ms_per_frame");
        return String.format(
                "CPU/frame    %7.1f ms end to end (floor %.1f; floor / job's own threads %.2f):%s (of which the JIT compiling %s ms, after %s s of warm-up)",
                cpu.get("total"),
                report.get("floor_cpu_ms_per_frame"),
                report.get("e2e_job_threads_vs_floor"),
                parts,
                jit instanceof Double millis ? String.format("%.1f", millis) : "n/a",
                report.get("warmup_s"));
    }

    private static String quarterText(Object quarters) {
        StringBuilder text = new StringBuilder();
        for (Object peak : (List<?>) quarters) {
            text.append(text.length() == 0 ? "" : " / ")
                    .append(String.format("%.0f", (Double) peak));
        }
        return text.toString();
    }
}
