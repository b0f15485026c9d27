package io.headcount.ingest.gateway;

import io.headcount.ingest.CameraRunner;
import io.headcount.ingest.CameraSettings;
import io.headcount.ingest.FrameTiming;
import io.headcount.ingest.RunSummary;
import io.headcount.ingest.metrics.GatewayMetrics;
import io.headcount.ingest.publish.FramePublisher;
import io.headcount.ingest.publish.PublisherSettings;
import io.headcount.ingest.source.FrameSource;
import io.headcount.ingest.source.ImageFolderOptions;
import io.headcount.ingest.source.ImageFolderSource;
import io.headcount.ingest.source.MjpegHttpSource;
import io.headcount.ingest.source.ReconnectingSource;
import io.headcount.ingest.source.SourceUnavailableException;
import io.headcount.ingest.source.VideoFileSource;
import io.headcount.ingest.source.VideoOptions;
import io.headcount.ingest.source.synthetic.SyntheticCameraSource;
import io.headcount.schemas.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway process: publishes all cameras of a {@link GatewayConfig} through one {@link
 * FramePublisher}, each camera on its own thread. A failing source is reopened with backoff by its
 * {@link ReconnectingSource} and never stops the others.
 *
 * <p>Restart semantics for finite sources (folders, video files, the synthetic camera, without
 * loop): without a checkpoint file a restarted gateway starts over (the frames already sent are
 * sent again, with the same sequence numbers and, for a fixed {@code start}, the same capture
 * times). With a checkpoint (see {@link Checkpoint}) a camera resumes after its last acknowledged
 * frame, numbering and timing on from there: after a graceful stop ({@link #close()} flushes, then
 * saves) nothing is repeated or skipped; after a crash the frames acknowledged since the last save
 * (at most about a second's worth) are sent again, identical, so consumers may drop repeats by
 * (camera, sequence). A camera that was published to the end is not published again. Live streams
 * have no position: they go on with what the camera sends now.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(10);

    private final GatewayConfig config;
    private final MeterRegistry registry;
    private final GatewayMetrics metrics;
    private final Checkpoint checkpoint;
    private final FramePublisher publisher;
    private final ScheduledExecutorService saver;
    private final Map<String, CameraThread> cameras = new LinkedHashMap<>();
    private final Instant gatewayStart = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private boolean closed;

    private Gateway(GatewayConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.metrics = new GatewayMetrics(registry);
        this.checkpoint = config.checkpoint() == null ? null : Checkpoint.open(config.checkpoint());
        PublisherSettings settings =
                PublisherSettings.of(config.bootstrapServers(), config.gateway())
                        .withOverrides(config.producer());
        if (!config.topic().equals(Topics.FRAMES.name())) {
            settings = settings.withTopic(Topics.FRAMES.renamed(config.topic()));
        }
        this.publisher = new FramePublisher(settings, registry);
        this.saver =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread thread = new Thread(r, "gateway-checkpoint");
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    /** Starts every camera. */
    public static Gateway start(GatewayConfig config, MeterRegistry registry) {
        Gateway gateway =
                new Gateway(
                        Objects.requireNonNull(config, "config"),
                        Objects.requireNonNull(registry, "registry"));
        gateway.startCameras();
        return gateway;
    }

    private void startCameras() {
        LOG.info(
                "Gateway {}: {} cameras to {} (topic {}){}",
                config.gateway(),
                config.cameras().size(),
                config.bootstrapServers(),
                config.topic(),
                checkpoint == null ? "" : ", checkpoint " + checkpoint.file());
        if (checkpoint != null) {
            saver.scheduleWithFixedDelay(this::saveCheckpoint, 1, 1, TimeUnit.SECONDS);
        }
        for (CameraConfig camera : config.cameras()) {
            metrics.cameraStarted(camera.camera());
            CameraThread thread = new CameraThread(camera);
            cameras.put(camera.camera(), thread);
            thread.start();
        }
    }

    /**
     * Waits until every camera ended (finite sources) or {@code timeout} passed; true if all ended.
     */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (CameraThread thread : cameras.values()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedJoin(thread, left);
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** How each camera ended so far (cameras still running are absent). */
    public Map<String, CameraOutcome> outcomes() {
        Map<String, CameraOutcome> outcomes = new LinkedHashMap<>();
        cameras.forEach(
                (id, thread) -> {
                    CameraOutcome outcome = thread.outcome;
                    if (outcome != null) {
                        outcomes.put(id, outcome);
                    }
                });
        return outcomes;
    }

    /**
     * Stops every camera after its current frame, waits for them, flushes every frame sent (so each
     * is acknowledged or counted as failed), saves the checkpoint and closes the producer.
     * Idempotent.
     *
     * @throws io.headcount.ingest.publish.PublishFailedException if Kafka failed fatally
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Gateway {}: stopping {} cameras", config.gateway(), cameras.size());
        cameras.values().forEach(CameraThread::requestStop);
        boolean interrupted = false;
        for (CameraThread thread : cameras.values()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        saver.shutdownNow();
        try {
            publisher.close();
        } finally {
            saveCheckpoint();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            LOG.info("Gateway {} stopped: {}", config.gateway(), publisher.counts());
        }
    }

    private void saveCheckpoint() {
        if (checkpoint != null) {
            try {
                checkpoint.save();
            } catch (RuntimeException e) {
                LOG.warn("Gateway {}: {}", config.gateway(), e.getMessage());
            }
        }
    }

    /**
     * Opens a camera's source (also for launchers that run a camera outside a gateway); {@link
     * SourceUnavailableException} when it cannot now.
     */
    public static FrameSource openSource(CameraConfig camera, Instant start) {
        String location = camera.source().location();
        switch (camera.source().type()) {
            case SourceConfig.FOLDER -> {
                try {
                    return ImageFolderSource.open(
                            Path.of(location),
                            new ImageFolderOptions(
                                    camera.loop(), camera.maxSide(), camera.jpegQuality()));
                } catch (IOException e) {
                    throw new SourceUnavailableException(
                            "cannot list image folder " + location + ": " + e, e);
                }
            }
            case SourceConfig.VIDEO -> {
                return VideoFileSource.open(Path.of(location), videoOptions(camera, start));
            }
            case SourceConfig.RTSP -> {
                return VideoFileSource.openStream(location, videoOptions(camera, start));
            }
            case SourceConfig.MJPEG -> {
                return MjpegHttpSource.open(
                        URI.create(location),
                        new MjpegHttpSource.Options(
                                camera.fps(),
                                camera.maxSide(),
                                camera.jpegQuality(),
                                STREAM_TIMEOUT));
            }
            case SourceConfig.SYNTHETIC -> {
                try {
                    return SyntheticCameraSource.open(
                            camera.source()
                                    .synthetic()
                                    .withFrames(
                                            camera.fps(),
                                            camera.loop()
                                                    ? 0
                                                    : camera.source().synthetic().frames())
                                    .withStart(start)
                                    .withJpegQuality(camera.jpegQuality()));
                } catch (IOException e) {
                    throw new SourceUnavailableException(
                            "cannot open the synthetic camera: " + e, e);
                }
            }
            default ->
                    throw new IllegalStateException(
                            "unknown source type " + camera.source().type());
        }
    }

    private static VideoOptions videoOptions(CameraConfig camera, Instant start) {
        return new VideoOptions(
                camera.fps(),
                camera.maxSide(),
                camera.jpegQuality(),
                camera.loop(),
                start,
                STREAM_TIMEOUT);
    }

    /** Runs one camera; never throws (its outcome says what happened). */
    private final class CameraThread extends Thread {

        private final CameraConfig camera;
        private volatile ReconnectingSource source;
        private volatile CameraRunner runner;
        private volatile boolean stopRequested;
        private volatile CameraOutcome outcome;

        CameraThread(CameraConfig camera) {
            super("camera-" + camera.camera());
            this.camera = camera;
        }

        void requestStop() {
            stopRequested = true;
            CameraRunner r = runner;
            if (r != null) {
                r.stop();
            }
            ReconnectingSource s = source;
            if (s != null) {
                s.close(); // unblocks a stream read or a backoff wait
            }
        }

        @Override
        public void run() {
            String id = camera.camera();
            // Only a replayable source that ends can resume: a live stream has no position to go
            // back to.
            boolean resumable = checkpoint != null && camera.finite() && camera.source().finite();
            if (resumable && checkpoint.finished(id)) {
                LOG.info(
                        "Camera {}: published to the end before (checkpoint {}); not again",
                        id,
                        checkpoint.file());
                outcome = new CameraOutcome(id, null, 0, 0, false, true, null);
                return;
            }
            long resumeAt = resumable ? checkpoint.position(id) : 0;
            Instant start =
                    resumable && checkpoint.start(id) != null
                            ? checkpoint.start(id)
                            : camera.start() != null ? camera.start() : gatewayStart;
            if (resumable) {
                checkpoint.started(id, start);
            }
            boolean live = !camera.source().finite();
            // Live streams pace themselves; a finite source is paced by the runner when real time.
            FrameTiming timing = new FrameTiming(start, camera.fps(), camera.realTime() && !live);
            CameraSettings settings =
                    new CameraSettings(
                            camera.site(),
                            id,
                            config.gateway(),
                            timing,
                            camera.maxFrames() > 0 ? camera.maxFrames() : Long.MAX_VALUE);
            ReconnectingSource reconnecting =
                    new ReconnectingSource(
                                    id,
                                    camera.source().type() + " " + camera.source().location(),
                                    () -> openSource(camera, start),
                                    camera.backoff(),
                                    metrics)
                            .startingAfter(resumeAt);
            source = reconnecting;
            CameraRunner cameraRunner =
                    new CameraRunner(settings, reconnecting, publisher, registry)
                            .resumingAt(resumeAt)
                            .withProgressEvery(config.progressEvery());
            if (resumable) {
                cameraRunner.onAcknowledged(sequence -> checkpoint.acknowledged(id, sequence));
                if (resumeAt > 0) {
                    LOG.info(
                            "Camera {}: resuming at frame {} from checkpoint {}",
                            id,
                            resumeAt,
                            checkpoint.file());
                }
            }
            runner = cameraRunner;
            if (stopRequested) {
                reconnecting.close();
                outcome = new CameraOutcome(id, null, resumeAt, 0, false, false, null);
                return;
            }
            RunSummary summary = null;
            Throwable error = null;
            try {
                reconnecting.openEagerly();
                summary = cameraRunner.run();
                if (resumable && summary.endOfStream()) {
                    checkpoint.markFinished(id);
                }
            } catch (RuntimeException | LinkageError e) {
                // LinkageError: a decoder library that cannot load (missing natives) stops this
                // camera only.
                error = e;
                LOG.error("Camera {} stopped: {}", id, e.toString(), e);
            } finally {
                reconnecting.close();
            }
            outcome =
                    new CameraOutcome(
                            id,
                            summary,
                            resumeAt,
                            reconnecting.reconnects(),
                            reconnecting.gaveUp(),
                            false,
                            error);
        }
    }

    /** Ids of the cameras, in configuration order. */
    public List<String> cameraIds() {
        return new ArrayList<>(cameras.keySet());
    }
}
