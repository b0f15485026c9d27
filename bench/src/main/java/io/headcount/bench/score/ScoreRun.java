package io.headcount.bench.score;

import io.headcount.core.Windows;
import io.headcount.embedded.CommittedFeed;
import io.headcount.embedded.EmbeddedPipeline;
import io.headcount.ingest.CameraRunner;
import io.headcount.ingest.CameraSettings;
import io.headcount.ingest.RunSummary;
import io.headcount.ingest.publish.FramePublisher;
import io.headcount.ingest.publish.PublisherSettings;
import io.headcount.ingest.source.FrameSource;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.TrackSummary;
import io.headcount.schemas.topics.Topics;
import io.headcount.scoring.produced.ProducedRecords;
import io.headcount.scoring.score.ScoreReport;
import io.headcount.scoring.score.Scorer;
import io.headcount.scoring.score.ScoringOptions;
import io.headcount.scoring.truth.GroundTruth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * {@code headcount score}: the real embedded pipeline (broker, inference job, aggregation app, as
 * {@code run} and {@code demo} start it) over a scenario with ground truth (a synthetic scene, or
 * footage with a hand-made annotation); what comes out on {@code face-observations}, {@code tracks}
 * and {@code audience-stats}, read as any downstream consumer reads it (committed records only), is
 * scored with the {@code scoring} library.
 *
 * <p>Frames go to Kafka as fast as it takes them, with capture times from the scene's clock; the
 * camera ends with an end-of-stream record, which closes the last tracks and windows in event time,
 * so the run ends when the window of the last frame has been emitted.
 */
public final class ScoreRun {

    public static final String SITE = "score-site";

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
        ScoreScene scene =
                settings.scenario() instanceof FootageScenario footage
                        ? FootageScene.prepare(footage, settings.window())
                        : new SyntheticScene(
                                (SyntheticScenario) settings.scenario(), settings.window());
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
            log.accept("Publishing " + scene.describe() + " ...");
            try (FrameSource source = scene.open()) {
                published = publish(pipeline.bootstrapServers(), source, scene, registry);
            } // closing the synthetic camera writes the persons still in view to the ground truth
            String note = scene.publishedNote();
            log.accept(
                    String.format(
                            Locale.ROOT,
                            "Published %d frames (%.1f s of %s%s) in %.1f s; waiting for the last window ...",
                            published.sent(),
                            published.firstCaptureTime() == null
                                    ? 0.0
                                    : Duration.between(
                                                            published.firstCaptureTime(),
                                                            published.lastCaptureTime())
                                                    .toMillis()
                                            / 1000.0,
                            scene.camera(),
                            note.isEmpty() ? "" : ", " + note,
                            (System.nanoTime() - began) / 1e9));
            if (published.sent() == 0 || !published.endOfStream()) {
                throw new IllegalStateException(
                        "the camera did not publish its frames and end of stream: " + published);
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
        if (settings.observationsOut() != null) {
            writeObservations(settings.observationsOut(), scene.timing().start());
            log.accept("Observations written to " + settings.observationsOut().toAbsolutePath());
        }
        GroundTruth truth = scene.truth();
        ProducedRecords produced =
                new ProducedRecords(
                        List.copyOf(observations), List.copyOf(tracks), List.copyOf(windows));
        return new Scorer(ScoringOptions.DEFAULTS).score(truth, produced);
    }

    /**
     * The produced face boxes, one row per observation, in the annotation's columns and clock
     * (seconds since the scene's start): where the product saw faces, to check an annotation for
     * persons it left out.
     */
    private void writeObservations(Path file, Instant start) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(
                    "track,time,x,y,width,height,detection_score,face_size,sharpness,yaw,p_female,p_masked,age_groups");
            out.newLine();
            for (FaceObservation observation : observations) {
                var box = observation.getBox();
                var quality = observation.getQuality();
                var attributes = observation.getAttributes();
                out.write(
                        String.format(
                                Locale.ROOT,
                                "%s,%.3f,%d,%d,%d,%d,%.3f,%.1f,%s,%s,%s,%s,%s",
                                observation.getTrackId(),
                                Duration.between(start, observation.getFrameTime()).toMillis()
                                        / 1000.0,
                                Math.round(box.getX()),
                                Math.round(box.getY()),
                                Math.round(box.getWidth()),
                                Math.round(box.getHeight()),
                                observation.getDetectionScore(),
                                quality.getFaceSize(),
                                orEmpty(quality.getSharpness()),
                                orEmpty(quality.getYaw()),
                                orEmpty(attributes == null ? null : attributes.getFemale()),
                                orEmpty(attributes == null ? null : attributes.getMasked()),
                                distribution(
                                        attributes == null ? null : attributes.getAgeGroups())));
                out.newLine();
            }
        }
    }

    /** A distribution as {@code label:p} pairs joined by spaces, or empty. */
    private static String distribution(Map<String, Float> probabilities) {
        if (probabilities == null) {
            return "";
        }
        StringBuilder joined = new StringBuilder();
        new TreeMap<>(probabilities)
                .forEach(
                        (label, p) ->
                                joined.append(joined.length() == 0 ? "" : " ")
                                        .append(label)
                                        .append(':')
                                        .append(String.format(Locale.ROOT, "%.4f", p)));
        return joined.toString();
    }

    /** A measured value with 4 decimals, or an empty CSV field when it was not measured. */
    private static String orEmpty(Float value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static RunSummary publish(
            String bootstrapServers,
            FrameSource source,
            ScoreScene scene,
            SimpleMeterRegistry registry) {
        try (FramePublisher publisher =
                new FramePublisher(
                        PublisherSettings.of(bootstrapServers, "headcount-score"), registry)) {
            CameraSettings camera =
                    CameraSettings.of(SITE, scene.camera(), "headcount-score", scene.timing());
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
