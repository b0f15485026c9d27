package io.headcount.app;

import io.headcount.core.Windows;
import io.headcount.embedded.AudienceStatsFeed;
import io.headcount.embedded.EmbeddedPipeline;
import io.headcount.ingest.CameraRunner;
import io.headcount.ingest.CameraSettings;
import io.headcount.ingest.FrameTiming;
import io.headcount.ingest.RunSummary;
import io.headcount.ingest.publish.FramePublisher;
import io.headcount.ingest.publish.PublisherSettings;
import io.headcount.ingest.source.ImageFolderOptions;
import io.headcount.ingest.source.ImageFolderSource;
import io.headcount.schemas.AudienceStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headcount run --images DIR}: the whole pipeline in one JVM over a folder of images,
 * printing each window's counts as it closes.
 */
@Command(
        name = "run",
        header =
                "Runs the whole pipeline in one JVM over a folder of images and prints each window's counts.",
        footer = {
            "",
            "Example:",
            "  bin/headcount run --images ../shared/data/faces-sex/utkface_crop_part1 --window 10s"
        },
        mixinStandardHelpOptions = true,
        description = {
            "Runs the whole pipeline in one JVM (in-process Kafka broker, the inference job on a local",
            "Flink mini-cluster, the aggregation app) over a folder of images published as one camera,",
            "and prints each window's counts as the window closes."
        })
final class RunCommand implements Callable<Integer> {

    @Option(
            names = "--images",
            required = true,
            paramLabel = "DIR",
            description = "Folder of JPEG/PNG images, read in name order.")
    Path images;

    @Option(
            names = "--site",
            defaultValue = "local",
            description = "Site id of the camera (default: ${DEFAULT-VALUE}).")
    String site;

    @Option(
            names = "--camera",
            defaultValue = "folder",
            description = "Camera id (default: ${DEFAULT-VALUE}).")
    String camera;

    @Option(
            names = "--fps",
            defaultValue = "1",
            description =
                    "Frames per second of event time between images (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(
            names = "--window",
            converter = DurationConverter.class,
            defaultValue = "1m",
            description = "Count window, e.g. 1m or 15m (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(
            names = "--grace",
            converter = DurationConverter.class,
            defaultValue = "10s",
            description = "Grace period for late frames (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(
            names = "--max-frames",
            defaultValue = "0",
            description = "Publish at most this many images; 0 = all (default).")
    long maxFrames;

    @Option(
            names = "--timeout",
            converter = DurationConverter.class,
            defaultValue = "10m",
            description =
                    "Give up if the last window has not closed by then (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // First use on a fresh machine: fetch the default models; a no-op once they verify.
        io.headcount.models.FirstUse.ensureDefaultModels(out::println);
        if (!Files.isDirectory(images)) {
            throw new IllegalArgumentException(
                    "--images: not a folder: " + images.toAbsolutePath());
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EmbeddedPipeline.Settings settings =
                EmbeddedPipeline.Settings.defaults(registry).withWindow(window, grace);
        out.printf("Starting the embedded pipeline (Kafka, Flink, Kafka Streams) ...%n");
        out.flush();
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(settings);
                AudienceStatsFeed feed =
                        new AudienceStatsFeed(
                                pipeline.bootstrapServers(),
                                stats -> {
                                    out.println(WindowLine.of(stats));
                                    out.flush();
                                })) {
            RunSummary summary = publish(pipeline.bootstrapServers(), registry);
            out.printf(
                    "Published %d frames of %s as %s/%s (%d unreadable files skipped, %d rejected); waiting for the last window ...%n",
                    summary.sent(), images, site, camera, summary.skipped(), summary.rejected());
            out.flush();
            if (summary.sent() == 0) {
                out.println("No frame was published: nothing to count.");
                return 1;
            }
            Instant lastWindowStart = Windows.startOf(summary.lastCaptureTime(), window);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!sawWindow(feed, lastWindowStart)) {
                pipeline.checkHealthy();
                if (System.nanoTime() > deadline) {
                    out.printf(
                            "The last window (%s) did not close within %s.%n",
                            lastWindowStart, timeout);
                    return 2;
                }
                Thread.sleep(200);
            }
            long faces =
                    feed.received().stream().mapToLong(AudienceStats::getFaceObservations).sum();
            long frames = feed.received().stream().mapToLong(AudienceStats::getFrames).sum();
            out.printf(
                    "Done: %d windows, %d frames, %d faces.%n",
                    feed.received().size(), frames, faces);
            return 0;
        }
    }

    private RunSummary publish(String bootstrapServers, SimpleMeterRegistry registry)
            throws Exception {
        long files = countFiles();
        try (ImageFolderSource source =
                        ImageFolderSource.open(images, ImageFolderOptions.defaults());
                FramePublisher publisher =
                        new FramePublisher(
                                PublisherSettings.of(bootstrapServers, "headcount-run"),
                                registry)) {
            CameraSettings cameraSettings =
                    CameraSettings.of(
                            site,
                            camera,
                            "embedded",
                            FrameTiming.asFastAsPossible(startFor(files), fps));
            if (maxFrames > 0) {
                cameraSettings = cameraSettings.withMaxFrames(maxFrames);
            }
            return new CameraRunner(cameraSettings, source, publisher, registry).run();
        }
    }

    /** The folder's event time ends about now and starts on a window boundary. */
    private Instant startFor(long files) {
        long frames = maxFrames > 0 ? Math.min(files, maxFrames) : files;
        long span = (long) Math.ceil(frames * 1000.0 / fps) + window.toMillis();
        return Windows.recentStart(Duration.ofMillis(span), window);
    }

    private long countFiles() throws java.io.IOException {
        try (var entries = Files.list(images)) {
            return entries.filter(Files::isRegularFile).count();
        }
    }

    private static boolean sawWindow(AudienceStatsFeed feed, Instant windowStart) {
        return feed.received().stream()
                .anyMatch(stats -> stats.getWindowStart().equals(windowStart));
    }
}
