package io.headcount.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headcount.aggregation.AggregationApp;
import io.headcount.aggregation.AggregationOptions;
import io.headcount.app.Headcount;
import io.headcount.core.Windows;
import io.headcount.inference.InferenceJob;
import io.headcount.inference.settings.CheckpointOptions;
import io.headcount.inference.settings.JobOptions;
import io.headcount.inference.settings.KafkaOptions;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.TrackSummary;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.FaceScenes;
import io.headcount.testkit.KafkaBrokerExtension;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.settings.AttributeOptions;
import io.headcount.vision.settings.DetectorOptions;
import io.headcount.vision.settings.ModelOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code headcount replay} and {@code compare} against production on a real broker, a real Flink
 * mini-cluster, the real models and real faces. Production (the inference job on {@code frames} and
 * the aggregation app on the normal topics) processes 56 s of one camera at 2 frames/s: a face
 * before the range, three scenes of real faces (2, 1 and 3 faces, 8 s each, then 4 s empty) inside
 * the replayed range [B+10 s, B+50 s), a face after it, and the camera's end of stream. Scenes are
 * static, so each face keeps its detection score in every frame, and the empty gaps end every track
 * inside the range.
 */
class ReplayIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withTopics(Topics.all());

    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final Duration FRAME_INTERVAL = Duration.ofMillis(500);
    private static final String SITE = "site-a";
    private static final String CAMERA = "cam-1";

    /** Only the sex-age head: enough for attribute shares, and cheaper on two cores. */
    private static final Map<String, String> INFERENCE = new HashMap<>();

    private static final Map<String, String> AGGREGATION =
            Map.of(
                    AggregationOptions.WINDOW_SIZE_MS,
                    Long.toString(WINDOW.toMillis()),
                    AggregationOptions.WINDOW_GRACE_MS,
                    "5000");

    private static Instant base;
    private static TimeRange range;
    private static RangeSnapshot production;
    private static List<FrameProcessed> productionFrames;

    @TempDir static Path files;

    @BeforeAll
    static void runProduction() throws Exception {
        INFERENCE.put(AttributeOptions.ATTRIBUTE_HEADS, "sex-age");
        INFERENCE.put(
                ModelOptions.MODELS_DIR,
                SharedAssets.model(YuNetModel.SPEC.fileName()).getParent().toString());
        base = Windows.recentStart(Duration.ofMinutes(5), WINDOW);
        range = new TimeRange(base.plusSeconds(10), base.plusSeconds(50));
        publishFrames();

        Map<String, String> options = new HashMap<>(INFERENCE);
        options.put(KafkaOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        options.put(KafkaOptions.BOUNDED, "true");
        options.put(KafkaOptions.STARTING_OFFSETS, "earliest");
        options.put(CheckpointOptions.CHECKPOINT_INTERVAL_MS, "1000");
        options.put(CheckpointOptions.RESTART_ATTEMPTS, "0");
        options.put(CheckpointOptions.PARALLELISM, "1");
        JobClient job =
                InferenceJob.runOn(
                        StreamExecutionEnvironment.createLocalEnvironment(),
                        JobOptions.fromMap(options));
        job.getJobExecutionResult().get(3, TimeUnit.MINUTES);

        Map<String, Object> streams = new HashMap<>(AGGREGATION);
        streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        streams.put(StreamsConfig.APPLICATION_ID_CONFIG, "production");
        streams.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createDirectories(files.resolve("production-state")).toString());
        try (AggregationApp app = new AggregationApp(streams)) {
            app.start();
            // Frames B .. B+56 s and the end of stream: 6 windows of 10 s.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (reader().read(Topics.AUDIENCE_STATS, Instant.EPOCH).size() < 6) {
                assertThat(System.nanoTime()).as("production windows in time").isLessThan(deadline);
                Thread.sleep(500);
            }
        }
        production =
                RangeSnapshot.read(
                        reader(),
                        range,
                        Topics.AUDIENCE_STATS,
                        Topics.TRACKS,
                        Topics.FACE_OBSERVATIONS);
        productionFrames =
                reader().read(Topics.FRAMES_PROCESSED, Instant.EPOCH).stream()
                        .filter(frame -> range.contains(frame.getFrameTime()))
                        .toList();
        // The scenes as built: 80 frames, 4 windows, 96 faces, 6 visitors in the range.
        assertThat(productionFrames).hasSize(80);
        assertThat(production.windows()).hasSize(4);
        assertThat(production.observations()).hasSize(96);
        assertThat(production.tracks()).hasSize(6);
    }

    @Test
    void theSameModelsReplayedTwiceGiveIdenticalOutputsEqualToProduction() throws Exception {
        Path manifest = manifest("same");

        ReplayResult first = replay(manifest, Map.of());
        ShadowTopics shadow = first.topics();
        RangeSnapshot firstRun = shadowSnapshot(shadow);
        ReplayResult second = replay(manifest, Map.of());
        RangeSnapshot secondRun = shadowSnapshot(shadow);

        // Only the range was read, and every window of it closed.
        assertThat(first.frames()).isEqualTo(80);
        assertThat(first.windows()).isEqualTo(4);
        assertThat(shadow.modelSet()).isEqualTo("same-1");
        assertThat(secondRun.windows()).isEqualTo(firstRun.windows());
        assertThat(withoutIds(secondRun.tracks())).isEqualTo(withoutIds(firstRun.tracks()));
        assertThat(second.visitors()).isEqualTo(first.visitors()).isEqualTo(6);

        // Same models as production: the same numbers, under the candidate's model set.
        assertThat(firstRun.windows())
                .allSatisfy(window -> assertThat(window.getModelSet()).isEqualTo("same-1"));
        assertThat(firstRun.windows().stream().map(ReplayIT::withoutModelSet).toList())
                .isEqualTo(production.windows().stream().map(ReplayIT::withoutModelSet).toList());

        Map<String, Object> report =
                CompareRun.compare(client(), range, shadow.modelSet(), Duration.ofMinutes(1));
        JsonNode json = new ObjectMapper().valueToTree(report);
        assertThat(json.at("/totals/difference").properties())
                .allSatisfy(field -> assertThat(field.getValue().asLong()).isZero());
        assertThat(json.at("/tracks/matched").asInt()).isEqualTo(6);
        assertThat(json.at("/tracks/productionOnly").asInt()).isZero();
        assertThat(json.at("/tracks/candidateOnly").asInt()).isZero();
        assertThat(json.at("/tracks/agreement/sex/compared").asInt()).isEqualTo(6);
        assertThat(json.at("/tracks/agreement/sex/rate").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/confidence/detectionScore/candidate"))
                .isEqualTo(json.at("/confidence/detectionScore/production"));
        // Production's topics were only read.
        assertThat(
                        RangeSnapshot.read(
                                        reader(),
                                        range,
                                        Topics.AUDIENCE_STATS,
                                        Topics.TRACKS,
                                        Topics.FACE_OBSERVATIONS)
                                .windows())
                .isEqualTo(production.windows());
        System.out.printf(
                "ReplayIT: replays of 80 frames took %d ms and %d ms%n",
                first.millis(), second.millis());
    }

    /**
     * A candidate that differs only in {@code detector.score-threshold}, set between the lowest
     * face score in the range and the next: the detector keeps exactly the detections at or above
     * the threshold (NMS only removes lower-scoring overlaps), so the candidate must see the same
     * frames and windows, exactly the production observations scoring at or above it (same boxes,
     * scores and, within batching noise, attributes), and lose exactly the visitors of the dropped
     * face.
     */
    @Test
    void aHigherDetectorThresholdDropsExactlyTheWeakerFacesAndNothingElse() throws Exception {
        TreeSet<Float> scores = new TreeSet<>();
        production.observations().forEach(face -> scores.add(face.getDetectionScore()));
        assertThat(scores).as("distinct face scores").hasSizeGreaterThan(1);
        float lowest = scores.first();
        float threshold = (lowest + scores.higher(lowest)) / 2;
        List<FaceObservation> kept =
                production.observations().stream()
                        .filter(face -> face.getDetectionScore() >= threshold)
                        .toList();
        Set<String> droppedTracks =
                production.observations().stream()
                        .filter(face -> face.getDetectionScore() < threshold)
                        .map(FaceObservation::getTrackId)
                        .collect(Collectors.toSet());

        // Through the command line, as a data scientist runs it.
        List<String> replay =
                new ArrayList<>(
                        List.of(
                                "replay",
                                "--bootstrap-servers",
                                KAFKA.bootstrapServers(),
                                "--from",
                                range.from().toString(),
                                "--to",
                                range.to().toString(),
                                "--manifest",
                                manifest("strict").toString(),
                                "--models",
                                INFERENCE.get(ModelOptions.MODELS_DIR),
                                "--set",
                                DetectorOptions.DETECTOR_SCORE_THRESHOLD + "=" + threshold,
                                "--timeout",
                                "PT3M"));
        INFERENCE.forEach(
                (key, value) -> {
                    if (!key.equals(ModelOptions.MODELS_DIR)) {
                        replay.addAll(List.of("--set", key + "=" + value));
                    }
                });
        AGGREGATION.forEach(
                (key, value) -> replay.addAll(List.of("--aggregation-set", key + "=" + value)));
        StringWriter replayOutput = new StringWriter();
        assertThat(
                        new CommandLine(new Headcount())
                                .setOut(new PrintWriter(replayOutput, true))
                                .execute(replay.toArray(String[]::new)))
                .as("replay output: %s", replayOutput)
                .isZero();
        ShadowTopics shadow = ShadowTopics.of("strict-1");
        System.out.printf(
                "ReplayIT: threshold %s keeps %d of %d faces; %s",
                threshold, kept.size(), production.observations().size(), replayOutput);
        RangeSnapshot candidate = shadowSnapshot(shadow);
        List<FrameProcessed> candidateFrames =
                reader().read(shadow.framesProcessed(), Instant.EPOCH).stream()
                        .filter(frame -> !frame.getEndOfStream())
                        .toList();

        // Same frames, each with the faces of production at or above the threshold.
        Map<Long, Long> keptPerFrame =
                kept.stream()
                        .collect(
                                Collectors.groupingBy(
                                        FaceObservation::getFrameSequence, Collectors.counting()));
        assertThat(candidateFrames)
                .extracting(frame -> frame.getFrameSequence() + "@" + frame.getFrameTime())
                .containsExactlyElementsOf(
                        productionFrames.stream()
                                .map(frame -> frame.getFrameSequence() + "@" + frame.getFrameTime())
                                .toList());
        assertThat(candidateFrames)
                .allSatisfy(
                        frame ->
                                assertThat((long) frame.getFaces())
                                        .isEqualTo(
                                                keptPerFrame.getOrDefault(
                                                        frame.getFrameSequence(), 0L)));
        // The kept faces unchanged: boxes and scores exactly, attributes within batching noise.
        assertThat(candidate.observations())
                .extracting(ReplayIT::detection)
                .containsExactlyInAnyOrderElementsOf(
                        kept.stream().map(ReplayIT::detection).toList());
        Map<String, FaceObservation> productionByDetection = new HashMap<>();
        kept.forEach(face -> productionByDetection.put(detection(face), face));
        assertThat(candidate.observations())
                .allSatisfy(
                        face ->
                                assertThat(face.getAttributes().getFemale())
                                        .isCloseTo(
                                                productionByDetection
                                                        .get(detection(face))
                                                        .getAttributes()
                                                        .getFemale(),
                                                within(1e-3f)));
        // Same windows and frames; fewer faces, by the dropped ones.
        assertThat(candidate.windows())
                .extracting(window -> window.getWindowStart() + " frames=" + window.getFrames())
                .containsExactlyElementsOf(
                        production.windows().stream()
                                .map(
                                        window ->
                                                window.getWindowStart()
                                                        + " frames="
                                                        + window.getFrames())
                                .toList());
        assertThat(candidate.windows().stream().mapToLong(AudienceStats::getFaceObservations).sum())
                .isEqualTo(kept.size());

        // compare through the command line: the dropped face's visitors are production-only,
        // every other visitor is matched and agrees.
        // Kept in the build folder (target/) for a look at the chart.
        Path out = buildFolder().resolve("compare-strict.json");
        StringWriter console = new StringWriter();
        int exit =
                new CommandLine(new Headcount())
                        .setOut(new PrintWriter(console, true))
                        .execute(
                                "compare",
                                "--bootstrap-servers",
                                KAFKA.bootstrapServers(),
                                "--from",
                                range.from().toString(),
                                "--to",
                                range.to().toString(),
                                "--candidate",
                                shadow.modelSet(),
                                "--out",
                                out.toString());
        assertThat(exit).as("compare output: %s", console).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        System.out.printf(
                "ReplayIT: compare totals %s, tracks %s%n", json.at("/totals"), json.at("/tracks"));
        assertThat(json.at("/totals/difference/frames").asLong()).isZero();
        assertThat(json.at("/totals/difference/windows").asLong()).isZero();
        assertThat(json.at("/totals/difference/faceObservations").asLong())
                .isEqualTo(kept.size() - production.observations().size())
                .isNegative();
        assertThat(json.at("/tracks/productionOnly").asInt()).isEqualTo(droppedTracks.size());
        assertThat(json.at("/tracks/candidateOnly").asInt()).isZero();
        assertThat(json.at("/tracks/matched").asInt()).isEqualTo(6 - droppedTracks.size());
        assertThat(json.at("/tracks/agreement/sex/rate").asDouble()).isEqualTo(1.0);
        String html = Files.readString(buildFolder().resolve("compare-strict.html"));
        assertThat(html).contains("<svg", "strict-1").doesNotContain("<script", "src=", "href=");
    }

    /** The build folder (target/, or -Dheadcount.build.dir): the parent of test-classes. */
    private static Path buildFolder() throws Exception {
        return Path.of(ReplayIT.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent();
    }

    private static ReplayResult replay(Path manifest, Map<String, String> candidateOptions)
            throws Exception {
        Map<String, String> inference = new HashMap<>(INFERENCE);
        inference.putAll(candidateOptions);
        return new ReplayRun(
                        new ReplaySettings(
                                KAFKA.bootstrapServers(),
                                range,
                                manifest,
                                inference,
                                AGGREGATION,
                                Duration.ofMinutes(3)),
                        line -> {})
                .run();
    }

    private static RangeSnapshot shadowSnapshot(ShadowTopics shadow) {
        return RangeSnapshot.read(
                reader(), range, shadow.audienceStats(), shadow.tracks(), shadow.observations());
    }

    /** The shipped manifest under another model set name (version 1): the same models. */
    private static Path manifest(String name) throws Exception {
        try (InputStream in =
                ModelManifest.class
                        .getClassLoader()
                        .getResourceAsStream(ModelManifest.DEFAULT_RESOURCE)) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String renamed =
                    yaml.replaceFirst("(?m)^modelSet: .*$", "modelSet: " + name)
                            .replaceFirst("(?m)^version: .*$", "version: \"1\"");
            return Files.writeString(files.resolve(name + ".yaml"), renamed);
        }
    }

    private static String detection(FaceObservation face) {
        return face.getFrameSequence() + " " + face.getBox() + " " + face.getDetectionScore();
    }

    /**
     * Tracker ids are random per run (and order visitors closing at the same record), so runs are
     * compared on everything else, sorted.
     */
    private static List<String> withoutIds(List<TrackSummary> tracks) {
        List<String> result = new ArrayList<>();
        for (TrackSummary track : tracks) {
            result.add(TrackSummary.newBuilder(track).setTrackId("-").build().toString());
        }
        result.sort(null);
        return result;
    }

    private static AudienceStats withoutModelSet(AudienceStats window) {
        return AudienceStats.newBuilder(window).setModelSet("-").build();
    }

    private static Map<String, Object> client() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    }

    private static TopicReader reader() {
        return new TopicReader(client(), Duration.ofMinutes(1));
    }

    /** Before, in and after the range; each frame's Kafka timestamp is its capture time. */
    private static void publishFrames() throws Exception {
        List<Path> faces = FaceScenes.adultFaces(8);
        List<List<Path>> scenes = new ArrayList<>();
        // B .. B+10 s: one face for 6 s, then 4 s empty, so its track ends before the range.
        add(scenes, List.of(faces.get(0)), 12);
        add(scenes, List.of(), 8);
        // The range: 2, 1 and 3 faces, 8 s each, each followed by 4 s empty; 4 s empty at the end.
        add(scenes, faces.subList(1, 3), 16);
        add(scenes, List.of(), 8);
        add(scenes, faces.subList(3, 4), 16);
        add(scenes, List.of(), 8);
        add(scenes, faces.subList(4, 7), 16);
        add(scenes, List.of(), 16);
        // After the range: one face for 4 s, 2 s empty.
        add(scenes, List.of(faces.get(7)), 8);
        add(scenes, List.of(), 4);
        Map<List<Path>, byte[]> jpegs = new HashMap<>();
        Map<List<Path>, int[]> sizes = new HashMap<>();
        long sequence = 0;
        Instant time = base;
        for (List<Path> scene : scenes) {
            if (!jpegs.containsKey(scene)) {
                BufferedImage image = FaceScenes.scene(scene);
                ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
                ImageIO.write(image, "jpg", jpeg);
                jpegs.put(scene, jpeg.toByteArray());
                sizes.put(scene, new int[] {image.getWidth(), image.getHeight()});
            }
            publish(frame(sequence++, time, jpegs.get(scene), sizes.get(scene)));
            time = time.plus(FRAME_INTERVAL);
        }
        publish(
                FrameEvent.newBuilder(frame(sequence, time, new byte[0], new int[] {0, 0}))
                        .setEndOfStream(true)
                        .build());
    }

    private static void add(List<List<Path>> scenes, List<Path> faces, int frames) {
        for (int i = 0; i < frames; i++) {
            scenes.add(List.copyOf(faces));
        }
    }

    private static FrameEvent frame(long sequence, Instant time, byte[] jpeg, int[] size) {
        return FrameEvent.newBuilder()
                .setSite(SITE)
                .setCamera(CAMERA)
                .setGateway("test")
                .setSequence(sequence)
                .setCaptureTime(time)
                .setWidth(size[0])
                .setHeight(size[1])
                .setJpeg(ByteBuffer.wrap(jpeg))
                .setEndOfStream(false)
                .build();
    }

    private static void publish(FrameEvent frame) {
        KAFKA.produce(Topics.FRAMES, frame.getCamera(), frame, frame.getCaptureTime());
    }
}
