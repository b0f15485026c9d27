package io.headcount.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.headcount.core.attributes.SiteAttributeSwitches;
import io.headcount.inference.functions.DecodeFrameFunction;
import io.headcount.inference.records.RawRecord;
import io.headcount.inference.settings.CheckpointOptions;
import io.headcount.inference.settings.JobOptions;
import io.headcount.inference.testing.CollectingSink;
import io.headcount.inference.testing.PrivacyCheck;
import io.headcount.inference.testing.TestFrames;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.codec.AvroCodec;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.attributes.SexAgeHead;
import io.headcount.vision.attributes.SexHead;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.onnx.ModelLoadException;
import io.headcount.vision.settings.AttributeOptions;
import io.headcount.vision.settings.DescribeBudgetOptions;
import io.headcount.vision.settings.DetectorOptions;
import io.headcount.vision.settings.ModelOptions;
import io.headcount.vision.testing.TestImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole job on a two-slot MiniCluster, from raw records to observations and dead letters. */
class InferenceJobIT {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static List<BgrImage> crops;
    private static Path models;

    @BeforeAll
    static void loadAssets() {
        models = SharedAssets.model(YuNetModel.SPEC.fileName()).getParent();
        crops = TestImages.adultFaces(10).stream().map(TestImages::read).toList();
    }

    @Test
    void emitsOneObservationPerFaceOneFrameProcessedPerFrameAndOneDeadLetterPerBadRecord()
            throws Exception {
        // Frames with a known number of faces: distinct real faces pasted side by side on grey.
        Map<String, Integer> expectedFaces = new TreeMap<>();
        List<RawRecord> records = new ArrayList<>();
        addFrame(records, expectedFaces, "cam-1", 0, 1280, 720, 3);
        addFrame(records, expectedFaces, "cam-1", 1, 640, 360, 1);
        addFrame(records, expectedFaces, "cam-1", 2, 1280, 720, 0);
        addFrame(records, expectedFaces, "cam-2", 0, 1280, 720, 5);
        addFrame(records, expectedFaces, "cam-2", 1, 960, 540, 2);
        // cam-1's source ends: the slot after its last frame, no image; neither a dead letter nor a
        // face.
        long endOffset = records.size();
        records.add(
                TestFrames.record(
                        endOffset, "cam-1", TestFrames.encode(TestFrames.endOfStream("cam-1", 3))));
        byte[] goodJpeg = TestImages.jpeg(TestImages.greyFrame(320, 240));
        byte[] random = new byte[2000];
        new Random(5).nextBytes(random);
        Map<Long, String> expectedReasons = new TreeMap<>();
        addBad(records, expectedReasons, "EMPTY", null);
        addBad(records, expectedReasons, "NOT_SINGLE_OBJECT", random);
        addBad(
                records,
                expectedReasons,
                "CORRUPT_JPEG",
                TestFrames.encode(
                        TestFrames.event(
                                "cam-3",
                                0,
                                Arrays.copyOf(goodJpeg, goodJpeg.length / 2),
                                320,
                                240)));
        addBad(
                records,
                expectedReasons,
                "DIMENSION_MISMATCH",
                TestFrames.encode(TestFrames.event("cam-3", 1, goodJpeg, 1280, 720)));

        JobOptions options = testOptions(models);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        InferenceJob.configure(env, options);
        CollectingSink<FaceObservation> observations =
                new CollectingSink<>(
                        observation -> FaceObservation.newBuilder(observation).build());
        CollectingSink<FrameProcessed> framesProcessed =
                new CollectingSink<>(frame -> FrameProcessed.newBuilder(frame).build());
        CollectingSink<DeadLetter> deadLetters =
                new CollectingSink<>(letter -> DeadLetter.newBuilder(letter).build());

        JobExecutionResult result =
                new InferenceJob(
                                source(records),
                                observations,
                                framesProcessed,
                                deadLetters,
                                options)
                        .execute(env);

        Map<String, Long> facesPerFrame =
                observations.results().stream()
                        .collect(
                                Collectors.groupingBy(
                                        o -> o.getCamera() + "#" + o.getFrameSequence(),
                                        TreeMap::new,
                                        Collectors.counting()));
        Map<String, Long> expectedNonEmpty = new TreeMap<>();
        expectedFaces.forEach(
                (frame, faces) -> {
                    if (faces > 0) {
                        expectedNonEmpty.put(frame, (long) faces);
                    }
                });
        assertThat(facesPerFrame).isEqualTo(expectedNonEmpty);
        assertThat(observations.results())
                .allSatisfy(
                        o -> {
                            assertThat(o.getFacesInFrame())
                                    .isEqualTo(
                                            expectedFaces.get(
                                                    o.getCamera() + "#" + o.getFrameSequence()));
                            assertThat(o.getDetectionScore()).isGreaterThanOrEqualTo(0.6f);
                            assertThat(o.getModelVersions())
                                    .containsEntry(
                                            "detector",
                                            ModelManifest.defaults()
                                                    .model("detector")
                                                    .spec()
                                                    .version())
                                    .containsKeys("sex-age", "expression", "mask");
                            assertThat(o.getModelSet())
                                    .isEqualTo(ModelManifest.defaults().modelSet());
                            assertThat(o.getSite()).isEqualTo(TestFrames.SITE);
                            assertThat(o.getTrackId()).matches("[0-9a-f]{16}");
                            // Every face has its quality, described or not.
                            assertThat(o.getQuality().getSharpness()).isNotNull();
                            assertThat(o.getQuality().getYaw()).isNotNull();
                        });
        // Aligned real faces: good enough for attributes, which are distributions. Each track's
        // first face is described; later ones only as the budget allows.
        assertThat(firstOfEachTrack(observations.results()))
                .isNotEmpty()
                .allSatisfy(
                        o -> {
                            assertThat(o.getAttributes().getFemale()).isBetween(0f, 1f);
                            assertThat(sum(o.getAttributes().getAgeGroups()))
                                    .isCloseTo(1.0, within(1e-4));
                            assertThat(sum(o.getAttributes().getExpressions()))
                                    .isCloseTo(1.0, within(1e-4));
                        });
        // The job's actual output carries nothing but the contract's scalars and label maps.
        assertThat(observations.results()).allSatisfy(PrivacyCheck::assertAnonymous);
        assertThat(modelTimeHistograms(result))
                .containsAll(List.of("detector", "sex-age", "expression", "mask"));

        // Exactly one per good frame, with its face count (0 for the empty frame), plus the end of
        // stream.
        Map<String, Integer> facesByFrame =
                framesProcessed.results().stream()
                        .filter(frame -> !frame.getEndOfStream())
                        .collect(
                                Collectors.toMap(
                                        f -> f.getCamera() + "#" + f.getFrameSequence(),
                                        FrameProcessed::getFaces,
                                        (a, b) -> {
                                            throw new AssertionError(
                                                    "two FrameProcessed for one frame");
                                        },
                                        TreeMap::new));
        assertThat(facesByFrame).isEqualTo(expectedFaces);
        assertThat(framesProcessed.results())
                .filteredOn(FrameProcessed::getEndOfStream)
                .singleElement()
                .satisfies(
                        end -> {
                            assertThat(end.getCamera()).isEqualTo("cam-1");
                            assertThat(end.getFrameSequence()).isEqualTo(3);
                            assertThat(end.getFaces()).isZero();
                            assertThat(end.getFrameTime())
                                    .isEqualTo(TestFrames.START.plusMillis(600));
                        });
        assertThat(framesProcessed.results())
                .allSatisfy(
                        frame -> {
                            assertThat(frame.getSite()).isEqualTo(TestFrames.SITE);
                            assertThat(frame.getModelSet()).isEqualTo(options.modelSet());
                            assertThat(frame.getFrameTime())
                                    .isEqualTo(
                                            TestFrames.START.plusMillis(
                                                    200 * frame.getFrameSequence()));
                        });

        Map<Long, String> reasons =
                deadLetters.results().stream()
                        .collect(
                                Collectors.toMap(
                                        DeadLetter::getSourceOffset,
                                        DeadLetter::getReason,
                                        (a, b) -> a + "," + b,
                                        TreeMap::new));
        assertThat(reasons).isEqualTo(expectedReasons).doesNotContainKey(endOffset);

        Map<String, Long> counted = deadLetterCounts(result);
        expectedReasons.values().forEach(reason -> assertThat(counted).containsEntry(reason, 1L));
        assertThat(counted.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(expectedReasons.size());
    }

    @Test
    void tracksMovingFacesWithOneIdEachAndNewRandomIdsInEveryRun() throws Exception {
        List<RawRecord> records = movingFaces();

        Run first = run(records);
        Run second = run(records);

        for (Run run : List.of(first, second)) {
            assertThat(run.observations())
                    .hasSize(16)
                    .allSatisfy(o -> assertThat(o.getTrackId()).matches("[0-9a-f]{16}"));
            // One id per face, kept through all 8 frames: the left face's boxes under one id, the
            // right's under the other.
            Map<String, List<FaceObservation>> byTrack =
                    run.observations().stream()
                            .collect(Collectors.groupingBy(FaceObservation::getTrackId));
            assertThat(byTrack).hasSize(2);
            assertThat(byTrack.values())
                    .allSatisfy(
                            track -> {
                                assertThat(track).hasSize(8);
                                assertThat(track)
                                        .extracting(o -> o.getBox().getX() < 480)
                                        .containsOnly(track.get(0).getBox().getX() < 480);
                            });
            assertThat(run.framesProcessed())
                    .extracting(FrameProcessed::getFaces)
                    .containsExactlyInAnyOrder(2, 2, 2, 2, 2, 2, 2, 2, 0, 0);
        }
        // Random ids: the same input gives tracks that cannot be linked to the earlier run's.
        assertThat(trackIds(first)).doesNotContainAnyElementsOf(trackIds(second));
    }

    @Test
    void detectorBatchesAcrossCamerasGiveTheObservationsOfFrameByFrameDetection() throws Exception {
        List<RawRecord> records = movingFaces();
        JobOptions batched =
                testOptions(models)
                        .with(DetectorOptions.DETECTOR_BATCH_FRAMES, "4")
                        .with(DetectorOptions.DETECTOR_BATCH_WAIT, "200ms");

        Run alone = run(records);
        Run inBatches = run(records, batched);

        assertThat(detections(inBatches)).hasSize(16).isEqualTo(detections(alone));
        assertThat(inBatches.framesProcessed())
                .extracting(FrameProcessed::getFaces)
                .containsExactlyInAnyOrderElementsOf(
                        alone.framesProcessed().stream().map(FrameProcessed::getFaces).toList());
    }

    @Test
    void headBatchesAcrossCamerasGiveTheAttributesOfFrameByFrameDescribing() throws Exception {
        // Three cameras on two subtasks: one holds two, whose frames share batches. The budget is
        // off (every face described), so the attributes do not depend on the order in which the
        // source's two readers deliver a camera's frames.
        List<RawRecord> records = movingFaces(List.of("cam-a", "cam-b", "cam-c"));
        JobOptions everyFace =
                testOptions(models).with(DescribeBudgetOptions.DESCRIBE_PER_TRACK_PER_S, "0");
        JobOptions batched =
                everyFace
                        .with(AttributeOptions.ATTRIBUTE_BATCH_FRAMES, "4")
                        .with(AttributeOptions.ATTRIBUTE_BATCH_WAIT, "200ms");

        Run alone = run(records, everyFace);
        Run inBatches = run(records, batched);

        List<String> expected = attributes(alone);
        assertThat(expected).anySatisfy(line -> assertThat(line).doesNotContain("female null"));
        assertThat(attributes(inBatches)).isEqualTo(expected);
    }

    /** Each observation's frame, box and attribute values (3 decimals), sorted. */
    private static List<String> attributes(Run run) {
        return run.observations().stream()
                .map(
                        o ->
                                String.format(
                                        "%s/%s #%d %.1f,%.1f female %s masked %s age %s expressions %s",
                                        o.getSite(),
                                        o.getCamera(),
                                        o.getFrameSequence(),
                                        o.getBox().getX(),
                                        o.getBox().getY(),
                                        rounded(o.getAttributes().getFemale()),
                                        rounded(o.getAttributes().getMasked()),
                                        rounded(o.getAttributes().getAgeGroups()),
                                        rounded(o.getAttributes().getExpressions())))
                .sorted()
                .toList();
    }

    private static String rounded(Float value) {
        return value == null ? "null" : String.format("%.3f", value);
    }

    private static String rounded(Map<? extends CharSequence, Float> values) {
        if (values == null) {
            return "null";
        }
        Map<String, String> sorted = new TreeMap<>();
        values.forEach((label, value) -> sorted.put(label.toString(), rounded(value)));
        return sorted.toString();
    }

    /** Each observation's frame, box and score, sorted: what detection decided, not track ids. */
    private static List<String> detections(Run run) {
        return run.observations().stream()
                .map(
                        o ->
                                String.format(
                                        "%s/%s #%d %.1f,%.1f %.1fx%.1f %.4f",
                                        o.getSite(),
                                        o.getCamera(),
                                        o.getFrameSequence(),
                                        o.getBox().getX(),
                                        o.getBox().getY(),
                                        o.getBox().getWidth(),
                                        o.getBox().getHeight(),
                                        o.getDetectionScore()))
                .sorted()
                .toList();
    }

    @Test
    void runsTheHeadsOnATracksBestFacesOnlyWhileEveryFaceBecomesAnObservation() throws Exception {
        // One description per second per track, sexes determined or not: over the 8 frames (1.4 s
        // at 5 frames per second) each track is described at its first face and one second later.
        JobOptions options =
                testOptions(models)
                        .with(DescribeBudgetOptions.DESCRIBE_PER_TRACK_PER_S, "1")
                        .with(DescribeBudgetOptions.DESCRIBE_UNDETERMINED_PER_TRACK_PER_S, "1");

        Run run = run(movingFaces(), options);

        // Every face still yields an observation, with its track, box and quality.
        assertThat(run.observations())
                .hasSize(16)
                .allSatisfy(
                        o -> {
                            assertThat(o.getTrackId()).matches("[0-9a-f]{16}");
                            assertThat(o.getQuality().getSharpness()).isNotNull();
                            assertThat(o.getQuality().getYaw()).isNotNull();
                        });
        // The heads ran on at most 4 of the 16 faces: each track's first face, then at most one
        // more a second later (frame 5 on, the first face near the best since the first).
        Map<String, List<Long>> describedFrames =
                run.observations().stream()
                        .filter(o -> o.getAttributes().getFemale() != null)
                        .collect(
                                Collectors.groupingBy(
                                        FaceObservation::getTrackId,
                                        TreeMap::new,
                                        Collectors.mapping(
                                                FaceObservation::getFrameSequence,
                                                Collectors.toList())));
        assertThat(describedFrames).hasSize(2);
        assertThat(describedFrames.values())
                .allSatisfy(
                        frames -> {
                            assertThat(frames).hasSizeBetween(1, 2).contains(0L);
                            assertThat(frames).allMatch(n -> n == 0 || n >= 5);
                        });
        // Not described = no evidence: the crop heads' attributes null, not an 'undetermined' vote;
        // at most p(masked), from the frame's mask findings when they were made ahead anyway.
        assertThat(run.observations())
                .filteredOn(o -> o.getAttributes().getFemale() == null)
                .hasSizeGreaterThanOrEqualTo(12)
                .allSatisfy(
                        o -> {
                            assertThat(o.getAttributes().getAgeGroups()).isNull();
                            assertThat(o.getAttributes().getExpressions()).isNull();
                            Float masked = o.getAttributes().getMasked();
                            assertThat(masked == null || (masked >= 0 && masked <= 1)).isTrue();
                        });
    }

    @Test
    void aSiteThatSwitchesSexOffNeverHasItComputedOtherSitesStillDo() throws Exception {
        // The same moving faces at two sites; "no-sex" switched sex off, store-1 did not.
        List<RawRecord> records = new ArrayList<>(movingFaces());
        for (RawRecord record : movingFaces()) {
            FrameEvent event =
                    FrameEvent.newBuilder(AvroCodec.of(FrameEvent.class).decode(record.value()))
                            .setSite("no-sex")
                            .setCamera("cam-n")
                            .build();
            records.add(TestFrames.record(records.size(), "cam-n", TestFrames.encode(event)));
        }
        JobOptions options =
                testOptions(models).with(SiteAttributeSwitches.key("", "no-sex"), "sex");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        InferenceJob.configure(env, options);
        CollectingSink<FaceObservation> sink =
                new CollectingSink<>(
                        observation -> FaceObservation.newBuilder(observation).build());
        JobExecutionResult result =
                new InferenceJob(
                                source(records),
                                sink,
                                new CollectingSink<>(f -> f),
                                new CollectingSink<>(d -> d),
                                options)
                        .execute(env);
        Map<String, List<FaceObservation>> byCamera =
                sink.results().stream().collect(Collectors.groupingBy(FaceObservation::getCamera));

        // Switched off: no observation of the site has a sex, though its faces got the other heads.
        assertThat(byCamera.get("cam-n"))
                .hasSize(16)
                .allSatisfy(o -> assertThat(o.getAttributes().getFemale()).isNull())
                .anySatisfy(o -> assertThat(o.getAttributes().getAgeGroups()).isNotEmpty());
        assertThat(byCamera.get("cam-m"))
                .hasSize(16)
                .anySatisfy(o -> assertThat(o.getAttributes().getFemale()).isNotNull());
        // Both age models (face-api's, and FaceRes, whose head splits the adults) ran on both
        // sites' frames; FaceRes left its sex head out at no-sex (DescribeFacesFunctionTest).
        Map<String, Long> runs = modelRuns(result);
        long framesWithAge =
                framesWith(byCamera.get("cam-m"), o -> o.getAttributes().getAgeGroups())
                        + framesWith(byCamera.get("cam-n"), o -> o.getAttributes().getAgeGroups());
        assertThat(runs.get(SexAgeHead.ROLE)).isEqualTo(framesWithAge);
        assertThat(runs.get(SexHead.ROLE)).isEqualTo(framesWithAge);
    }

    /** Frames of {@code observations} with at least one face where {@code value} is not null. */
    private static long framesWith(
            List<FaceObservation> observations,
            java.util.function.Function<FaceObservation, Object> value) {
        return observations.stream()
                .filter(o -> value.apply(o) != null)
                .map(FaceObservation::getFrameSequence)
                .distinct()
                .count();
    }

    /** Frames each model ran on in the finished job (its model-time samples), by role. */
    private static Map<String, Long> modelRuns(JobExecutionResult result) {
        Map<String, Long> runs = new TreeMap<>();
        String jobId = result.getJobID().toString();
        METRICS.getMetricsByGroup()
                .forEach(
                        (group, metrics) -> {
                            Map<String, String> variables = group.getAllVariables();
                            String role = variables.get("<model>");
                            if (jobId.equals(variables.get("<job_id>"))
                                    && role != null
                                    && metrics.get("modelTimeMicros")
                                            instanceof org.apache.flink.metrics.Histogram h) {
                                runs.merge(role, h.getCount(), Long::sum);
                            }
                        });
        return runs;
    }

    /**
     * Two real faces drifting a few pixels per frame for 8 frames, then an empty scene and the end
     * of the camera's stream.
     */
    private static List<RawRecord> movingFaces() {
        return movingFaces(List.of("cam-m"));
    }

    /** {@link #movingFaces()} from each camera, the cameras' records interleaved frame by frame. */
    private static List<RawRecord> movingFaces(List<String> cameras) {
        List<RawRecord> records = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            for (String camera : cameras) {
                BgrImage frame = TestImages.greyFrame(960, 540);
                frame = TestImages.paste(frame, crops.get(0), 40 + 6 * t, 60 + 2 * t);
                frame = TestImages.paste(frame, crops.get(1), 600 - 5 * t, 250 - 3 * t);
                records.add(
                        TestFrames.record(
                                records.size(),
                                camera,
                                TestFrames.encode(
                                        TestFrames.event(
                                                camera, t, TestImages.jpeg(frame), 960, 540))));
            }
        }
        for (String camera : cameras) {
            records.add(
                    TestFrames.record(
                            records.size(),
                            camera,
                            TestFrames.encode(
                                    TestFrames.event(
                                            camera,
                                            8,
                                            TestImages.jpeg(TestImages.greyFrame(960, 540)),
                                            960,
                                            540))));
            records.add(
                    TestFrames.record(
                            records.size(),
                            camera,
                            TestFrames.encode(TestFrames.endOfStream(camera, 9))));
        }
        return records;
    }

    /** Each track's observation of its earliest frame. */
    private static List<FaceObservation> firstOfEachTrack(List<FaceObservation> observations) {
        return List.copyOf(
                observations.stream()
                        .collect(
                                Collectors.toMap(
                                        FaceObservation::getTrackId,
                                        o -> o,
                                        (a, b) ->
                                                a.getFrameTime().isAfter(b.getFrameTime()) ? b : a,
                                        TreeMap::new))
                        .values());
    }

    private record Run(List<FaceObservation> observations, List<FrameProcessed> framesProcessed) {}

    private static Run run(List<RawRecord> records) throws Exception {
        return run(records, testOptions(models));
    }

    private static Run run(List<RawRecord> records, JobOptions options) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        InferenceJob.configure(env, options);
        CollectingSink<FaceObservation> observations =
                new CollectingSink<>(
                        observation -> FaceObservation.newBuilder(observation).build());
        CollectingSink<FrameProcessed> framesProcessed =
                new CollectingSink<>(frame -> FrameProcessed.newBuilder(frame).build());
        new InferenceJob(
                        source(records),
                        observations,
                        framesProcessed,
                        new CollectingSink<>(d -> d),
                        options)
                .execute(env);
        return new Run(observations.results(), framesProcessed.results());
    }

    private static java.util.Set<String> trackIds(Run run) {
        return run.observations().stream()
                .map(FaceObservation::getTrackId)
                .collect(Collectors.toSet());
    }

    @Test
    @Timeout(120) // Flink's default strategy would restart forever; the job must fail instead
    void failsFastInsteadOfRestartingWhenTheModelIsMissing() {
        JobOptions options =
                testOptions(Path.of("/nonexistent/models"))
                        .with(CheckpointOptions.CHECKPOINT_INTERVAL_MS, "200");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        InferenceJob.configure(env, options);
        List<RawRecord> records = new ArrayList<>();
        addFrame(records, new TreeMap<>(), "cam-1", 0, 320, 240, 0);

        assertThatThrownBy(
                        () ->
                                new InferenceJob(
                                                source(records),
                                                new CollectingSink<>(o -> o),
                                                new CollectingSink<>(f -> f),
                                                new CollectingSink<>(d -> d),
                                                options)
                                        .execute(env))
                .hasRootCauseInstanceOf(ModelLoadException.class)
                .rootCause()
                .hasMessageContaining("not found");
    }

    private static JobOptions testOptions(Path modelDirectory) {
        return JobOptions.fromMap(
                Map.of(
                        ModelOptions.MODELS_DIR, modelDirectory.toString(),
                        CheckpointOptions.CHECKPOINT_INTERVAL_MS, "0",
                        CheckpointOptions.RESTART_ATTEMPTS, "0",
                        CheckpointOptions.PARALLELISM, "2"));
    }

    private static DataGeneratorSource<RawRecord> source(List<RawRecord> records) {
        return new DataGeneratorSource<>(
                new RecordAt(records), records.size(), TypeInformation.of(RawRecord.class));
    }

    /** Serves a fixed list of records, split across the source's parallel readers. */
    private record RecordAt(ArrayList<RawRecord> records)
            implements GeneratorFunction<Long, RawRecord> {
        RecordAt(List<RawRecord> records) {
            this(new ArrayList<>(records));
        }

        @Override
        public RawRecord map(Long index) {
            return records.get(index.intValue());
        }
    }

    private static void addFrame(
            List<RawRecord> records,
            Map<String, Integer> expected,
            String camera,
            long sequence,
            int width,
            int height,
            int faces) {
        BgrImage frame = TestImages.greyFrame(width, height);
        int columns = width / TestImages.CROP_SIZE;
        for (int i = 0; i < faces; i++) {
            int x = (i % columns) * TestImages.CROP_SIZE + 10;
            int y = (i / columns) * TestImages.CROP_SIZE + 10;
            frame =
                    TestImages.paste(
                            frame, crops.get((int) ((sequence * 3 + i) % crops.size())), x, y);
        }
        byte[] jpeg = TestImages.jpeg(frame);
        records.add(
                TestFrames.record(
                        records.size(),
                        camera,
                        TestFrames.encode(
                                TestFrames.event(camera, sequence, jpeg, width, height))));
        expected.put(camera + "#" + sequence, faces);
    }

    private static void addBad(
            List<RawRecord> records, Map<Long, String> expected, String reason, byte[] value) {
        long offset = records.size();
        records.add(TestFrames.record(offset, "cam-3", value));
        expected.put(offset, reason);
    }

    private static double sum(Map<String, Float> probabilities) {
        return probabilities.values().stream().mapToDouble(Float::doubleValue).sum();
    }

    /** Roles with a model-time histogram in the finished job. */
    private static java.util.Set<String> modelTimeHistograms(JobExecutionResult result) {
        java.util.Set<String> roles = new java.util.TreeSet<>();
        modelRuns(result)
                .forEach(
                        (role, runs) -> {
                            if (runs > 0) {
                                roles.add(role);
                            }
                        });
        return roles;
    }

    /** Dead-letter counters of the finished job summed over subtasks, by reason. */
    private static Map<String, Long> deadLetterCounts(JobExecutionResult result) {
        Map<String, Long> counts = new TreeMap<>();
        String jobId = result.getJobID().toString();
        METRICS.getMetricsByGroup()
                .forEach(
                        (group, metrics) -> {
                            Map<String, String> variables = group.getAllVariables();
                            String reason =
                                    variables.get("<" + DecodeFrameFunction.REASON_GROUP + ">");
                            Metric counter = metrics.get(DecodeFrameFunction.DEAD_LETTER_METRIC);
                            if (jobId.equals(variables.get("<job_id>"))
                                    && reason != null
                                    && counter != null) {
                                counts.merge(reason, ((Counter) counter).getCount(), Long::sum);
                            }
                        });
        return counts;
    }
}
