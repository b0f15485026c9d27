package io.headcount.bench.score;

import io.headcount.core.Windows;
import io.headcount.embedded.CommittedFeed;
import io.headcount.embedded.EmbeddedPipeline;
import io.headcount.ingest.CameraRunner;
import io.headcount.ingest.CameraSettings;
import io.headcount.ingest.FrameTiming;
import io.headcount.ingest.RunSummary;
import io.headcount.ingest.publish.FramePublisher;
import io.headcount.ingest.publish.PublisherSettings;
import io.headcount.ingest.source.synthetic.SyntheticCameraSource;
import io.headcount.ingest.source.synthetic.SyntheticOptions;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.TrackSummary;
import io.headcount.schemas.topics.Topics;
import io.headcount.scoring.produced.ProducedRecords;
import io.headcount.scoring.score.ScoreReport;
import io.headcount.scoring.score.Scorer;
import io.headcount.scoring.score.ScoringOptions;
import io.headcount.scoring.truth.GroundTruth;
import io.headcount.scoring.truth.SyntheticTruthReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * {@code headcount score}: the real embedded pipeline (broker, inference job, aggregation app, as
 * {@code run} and {@code demo} start it) over a synthetic scene with ground truth; what comes out
 * on {@code face-observations}, {@code tracks} and {@code audience-stats}, read as any downstream
 * consumer reads it (committed records only), is scored with the {@code scoring} library.
 *
 * <p>Frames go to Kafka as fast as it takes them, with capture times from the synthetic clock; the
 * camera ends with an end-of-stream record, which closes the last tracks and windows in event time,
 * so the run ends when the window of the last frame has been emitted.
 */
public final class ScoreRun {

    public static final String SITE = "score-site";
    public static final String CAMERA = "cam-synthetic";

    /** After the last window: tracks and windows of one transaction may show a poll apart. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final List<FaceObservation> observations = new CopyOnWriteArrayList<>();
    private final List<TrackSummary> tracks = new CopyOnWriteArrayList<>();
    private final List<AudienceStats> windows = new CopyOnWriteArrayList<>();
    private final AtomicLong framesProcessed = new AtomicLong();
    private volatile RuntimeException readFailure;

    private ScoreRun() {}

    /** Runs the scene through the pipeline and scores the outputs; {@code log} gets progress. */
    public static ScoreReport run(ScoreSettings settings, Consumer<String> log) throws Exception {
        return new ScoreRun().execute(settings, log);
    }

    private ScoreReport execute(ScoreSettings settings, Consumer<String> log) throws Exception {
        Files.createDirectories(settings.groundTruth().toAbsolutePath().getParent());
        // The scene's event time ends about now: the frames topic deletes records by timestamp
        // (24 h), and the job refuses capture times far in the future.
        long spanMillis =
                (long) Math.ceil(settings.maxFrames() * 1000.0 / settings.framesPerSecond());
        Instant start =
                Windows.recentStart(
                        Duration.ofMillis(spanMillis).plus(settings.window()), settings.window());
        SyntheticOptions scene = sceneOptions(settings, start);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EmbeddedPipeline.Settings pipelineSettings =
                EmbeddedPipeline.Settings.defaults(registry)
                        .withWindow(settings.window(), settings.grace())
                        .withInferenceOverrides(settings.inferenceOverrides());
        log.accept("Starting the embedded pipeline (Kafka, Flink, Kafka Streams) ...");
        long began = System.nanoTime();
        RunSummary published;
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(pipelineSettings);
                CommittedFeed<byte[], byte[]> feed = follow(pipeline.bootstrapServers())) {
            log.accept(
                    "Publishing "
                            + scene.describeScene()
                            + " until "
                            + settings.people()
                            + " people have passed ...");
            try (PeopleLimitedScene source =
                    new PeopleLimitedScene(
                            SyntheticCameraSource.open(scene),
                            settings.people(),
                            settings.maxFrames())) {
                published = publish(pipeline.bootstrapServers(), source, scene, registry);
                log.accept(
                        String.format(
                                Locale.ROOT,
                                "Published %d frames (%.1f s of scene, %d people entered) in %.1f s; waiting for the last window ...",
                                published.sent(),
                                published.sent() / settings.framesPerSecond(),
                                source.entered(),
                                (System.nanoTime() - began) / 1e9));
            } // closing the camera writes the persons still in view to the ground truth
            if (published.sent() == 0 || !published.endOfStream()) {
                throw new IllegalStateException(
                        "the synthetic camera did not publish its frames and end of stream: "
                                + published);
            }
            awaitLastWindow(pipeline, settings, published, log);
        }
        log.accept(
                String.format(
                        Locale.ROOT,
                        "Pipeline done in %.1f s: %d observations, %d tracks, %d windows; scoring ...",
                        (System.nanoTime() - began) / 1e9,
                        observations.size(),
                        tracks.size(),
                        windows.size()));
        GroundTruth truth = SyntheticTruthReader.read(settings.groundTruth(), CAMERA);
        ProducedRecords produced =
                new ProducedRecords(
                        List.copyOf(observations), List.copyOf(tracks), List.copyOf(windows));
        return new Scorer(ScoringOptions.DEFAULTS).score(truth, produced);
    }

    private static SyntheticOptions sceneOptions(ScoreSettings settings, Instant start) {
        SyntheticOptions options =
                SyntheticOptions.of(settings.manifest(), start)
                        .withFaceRoot(settings.faceRoot())
                        .withSize(settings.width(), settings.height())
                        // No frame limit of the camera's own: PeopleLimitedScene ends the scene.
                        .withFrames(settings.framesPerSecond(), 0)
                        .withPeople(
                                settings.density(),
                                settings.speed(),
                                settings.minFace(),
                                settings.maxFace())
                        .withSeed(settings.seed())
                        .withGroundTruth(settings.groundTruth());
        return settings.maskedFraction() > 0
                ? options.withMasks(settings.maskTemplates(), settings.maskedFraction())
                : options;
    }

    private static RunSummary publish(
            String bootstrapServers,
            PeopleLimitedScene source,
            SyntheticOptions scene,
            SimpleMeterRegistry registry) {
        try (FramePublisher publisher =
                new FramePublisher(
                        PublisherSettings.of(bootstrapServers, "headcount-score"), registry)) {
            CameraSettings camera =
                    CameraSettings.of(
                            SITE,
                            CAMERA,
                            "headcount-score",
                            FrameTiming.asFastAsPossible(scene.start(), scene.framesPerSecond()));
            return new CameraRunner(camera, source, publisher, registry).run();
        }
    }

    private CommittedFeed<byte[], byte[]> follow(String bootstrapServers) {
        return CommittedFeed.of(bootstrapServers, "headcount-score")
                .topics(
                        List.of(
                                Topics.FACE_OBSERVATIONS.name(),
                                Topics.FRAMES_PROCESSED.name(),
                                Topics.TRACKS.name(),
                                Topics.AUDIENCE_STATS.name()))
                .poll(Duration.ofMillis(100))
                .threadName("score-results-reader")
                .onFailure(e -> readFailure = e)
                .start(this::read);
    }

    private final Deserializer<FaceObservation> observationReader =
            Topics.FACE_OBSERVATIONS.valueSerde().deserializer();
    private final Deserializer<TrackSummary> trackReader =
            Topics.TRACKS.valueSerde().deserializer();
    private final Deserializer<AudienceStats> windowReader =
            Topics.AUDIENCE_STATS.valueSerde().deserializer();

    /** One poll's committed records, on the feed's thread. */
    private void read(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String topic = record.topic();
            if (topic.equals(Topics.FACE_OBSERVATIONS.name())) {
                observations.add(observationReader.deserialize(topic, record.value()));
            } else if (topic.equals(Topics.TRACKS.name())) {
                tracks.add(trackReader.deserialize(topic, record.value()));
            } else if (topic.equals(Topics.AUDIENCE_STATS.name())) {
                windows.add(windowReader.deserialize(topic, record.value()));
            } else {
                // frames-processed: only counted, for the progress lines.
                framesProcessed.incrementAndGet();
            }
        }
    }

    /**
     * Waits for the window of the last frame: the end-of-stream record closes it (its event time is
     * window + grace past the last frame), and every track closes before its window does.
     */
    private void awaitLastWindow(
            EmbeddedPipeline pipeline,
            ScoreSettings settings,
            RunSummary published,
            Consumer<String> log)
            throws Exception {
        Instant lastWindow = Windows.startOf(published.lastCaptureTime(), settings.window());
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        while (windows.stream().noneMatch(w -> w.getWindowStart().equals(lastWindow))) {
            if (readFailure != null) {
                throw readFailure;
            }
            pipeline.checkHealthy();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the last window ("
                                + lastWindow
                                + ") did not close within "
                                + settings.timeout()
                                + "; "
                                + progress(published.sent()));
            }
            if (System.nanoTime() > nextProgress) {
                nextProgress += PROGRESS_EVERY.toNanos();
                log.accept(progress(published.sent()));
            }
            Thread.sleep(100);
        }
        Thread.sleep(SETTLE.toMillis());
    }

    private String progress(long sent) {
        return String.format(
                Locale.ROOT,
                "  %d/%d frames processed, %d observations, %d tracks, %d windows",
                framesProcessed.get(),
                sent,
                observations.size(),
                tracks.size(),
                windows.size());
    }
}
