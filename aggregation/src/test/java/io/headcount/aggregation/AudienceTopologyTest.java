package io.headcount.aggregation;

import static io.headcount.aggregation.TopologyHarness.at;
import static io.headcount.aggregation.TopologyHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.codec.AvroBytes;
import io.headcount.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AudienceTopologyTest {

    /** Window-aligned (1-minute windows start at whole minutes since the epoch). */
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    /** The wall clock against which future frame times are judged: an hour after T0. */
    private static final Clock WALL_CLOCK =
            Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC);

    private static final AggregationOptions OPTIONS =
            AggregationOptions.defaults().withWindow(Duration.ofMinutes(1), Duration.ofSeconds(10));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @RegisterExtension final TopologyHarnesses harnesses = new TopologyHarnesses(registry);

    private TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = harnesses.open("main", OPTIONS, WALL_CLOCK, Map.of());
    }

    /** A harness at least once, for the tests of dead letters (see below why). */
    private TopologyHarness atLeastOnce() {
        return harnesses.open(
                "at-least-once",
                OPTIONS,
                WALL_CLOCK,
                Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE));
    }

    @Test
    void emitsOneRecordPerSiteCameraWindowOnceTheWindowAndGraceHavePassedOnThatCamerasClock() {
        // "entrance" is a camera id at two sites: the cells must stay apart.
        face("berlin", "entrance", 5);
        face("berlin", "entrance", 20);
        face("berlin", "checkout", 30);
        face("paris", "entrance", 40);
        face("paris", "entrance", 41);
        face("berlin", "entrance", 59.999);
        face("berlin", "entrance", 65);
        face("berlin", "checkout", 65);
        assertThat(harness.stats())
                .as("the first windows are still in their grace period")
                .isEmpty();

        face("berlin", "checkout", 50); // out of order, within grace
        face("berlin", "checkout", 69.999);
        assertThat(harness.stats())
                .as("the checkout is 1 ms short of window end + grace")
                .isEmpty();

        face("berlin", "checkout", 70); // the checkout's time = end + grace
        long start = T0.toEpochMilli();
        assertThat(countsByKey(harness.stats()))
                .as("only the checkout's window: each camera's windows close on its own time")
                .containsExactlyEntriesOf(Map.of("berlin/checkout/" + start, 2L));

        face("berlin", "entrance", 70);
        face("paris", "entrance", 130);
        List<KeyValue<String, AudienceStats>> firstWindows = harness.stats();
        assertThat(countsByKey(firstWindows))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("berlin/entrance/" + start, 3L, "paris/entrance/" + start, 2L));
        for (KeyValue<String, AudienceStats> record : firstWindows) {
            AudienceStats stats = record.value;
            assertThat(record.key)
                    .isEqualTo(stats.getSite() + "/" + stats.getCamera() + "/" + start);
            assertThat(stats.getWindowStart()).isEqualTo(T0);
            assertThat(stats.getWindowEnd()).isEqualTo(T0.plusSeconds(60));
            assertThat(stats.getVisitors()).isZero();
            assertThat(stats.getFrames())
                    .as("one frame per face")
                    .isEqualTo(stats.getFaceObservations());
            assertThat(stats.getBySex()).isEmpty();
            assertThat(stats.getByAgeGroup()).isEmpty();
            assertThat(stats.getByMask()).isEmpty();
            assertThat(stats.getByExpression()).isEmpty();
            assertThat(stats.getModelSet()).isEqualTo(Observations.MODEL_SET);
            assertThat(stats.getModelVersions()).isEqualTo(Observations.MODEL_VERSIONS);
        }

        face("berlin", "checkout", 75);
        assertThat(harness.stats()).as("a closed window is emitted once").isEmpty();

        face("berlin", "entrance", 200); // closes the entrance's [60 s, 120 s)
        face("berlin", "checkout", 200);
        long second = T0.plusSeconds(60).toEpochMilli();
        assertThat(countsByKey(harness.stats()))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "berlin/entrance/" + second, 2L,
                                "berlin/checkout/" + second, 4L));
        assertThat(harness.deadLetters()).isEmpty();
        assertThat(harness.lateRecords("observation")).isZero();
    }

    @Test
    void aCameraSeenEveryTenMinutesInAFastReplayGetsEveryWindowEmitted() {
        // Each frame moves event time on by 10 minutes, and a replay feeds two hours of them
        // within one wall-clock instant: every window must still be emitted, once.
        harness.close();
        Clock dayLater = Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC);
        harness = harnesses.open("day-later", OPTIONS, dayLater, Map.of());
        for (int minute = 0; minute < 120; minute += 10) {
            Instant start = T0.plus(Duration.ofMinutes(minute));
            face("berlin", "entrance", start);
            face("berlin", "entrance", start.plusSeconds(30));
        }
        face("berlin", "entrance", T0.plus(Duration.ofHours(3)));

        Map<String, Long> counts = countsByKey(harness.stats());
        assertThat(counts)
                .hasSize(12)
                .allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(2));
        assertThat(counts)
                .containsKeys(
                        "berlin/entrance/" + T0.toEpochMilli(),
                        "berlin/entrance/" + T0.plus(Duration.ofMinutes(110)).toEpochMilli());
        assertThat(harness.deadLetters()).isEmpty();
    }

    @Test
    void aFrameLaterThanTheGracePeriodIsNotCountedButCountedAsLateNotDeadLettered() {
        face("berlin", "entrance", 10);
        face("berlin", "entrance", 72); // closes [0, 60 s)
        assertThat(countsByKey(harness.stats()))
                .containsExactlyEntriesOf(Map.of("berlin/entrance/" + T0.toEpochMilli(), 1L));

        face("berlin", "entrance", 30); // its window has closed

        assertThat(harness.lateRecords("observation")).isEqualTo(1);
        assertThat(harness.lateRecords("frame")).isEqualTo(1);
        face("berlin", "entrance", 190); // closes [60 s, 120 s)
        assertThat(countsByKey(harness.stats()))
                .as("the late observation changed no window")
                .containsExactlyEntriesOf(
                        Map.of("berlin/entrance/" + T0.plusSeconds(60).toEpochMilli(), 1L));
        assertThat(harness.deadLetters()).isEmpty();
    }

    /**
     * At least once here, exactly once in AggregationAppIT: the test driver decodes a record as it
     * is piped, before its first commit, and then clears its mock producer's uncommitted sends, so
     * under EOS it loses a dead letter that the real runtime commits with the task's next
     * transaction.
     */
    @Test
    void undecodableValuesBecomeDeadLettersWithTheirBytesAndReasonAndProcessingGoesOn() {
        harness.close();
        harness = atLeastOnce();
        byte[] garbage = utf8("{\"site\":\"berlin\",\"camera\":\"entrance\"} is JSON, not Avro");
        byte[] unknownSchema =
                new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 2, 'x', 2, 'y'};

        face("berlin", "entrance", 5);
        harness.pipeBytes("entrance", garbage);
        harness.pipeBytes("entrance", unknownSchema);
        face("berlin", "entrance", 6);
        face("berlin", "entrance", 80);

        List<KeyValue<byte[], DeadLetter>> letters = harness.deadLetters();
        assertThat(letters).hasSize(2);
        assertDeadLetter(
                letters.get(0), garbage, 1, "NOT_SINGLE_OBJECT", "aggregation/deserialize");
        assertDeadLetter(
                letters.get(1), unknownSchema, 2, "UNKNOWN_SCHEMA", "aggregation/deserialize");
        assertThat(harness.deadLetterCount("NOT_SINGLE_OBJECT")).isEqualTo(1);
        assertThat(harness.deadLetterCount("UNKNOWN_SCHEMA")).isEqualTo(1);
        assertThat(countsByKey(harness.stats()))
                .as("the good records around the bad ones are counted")
                .containsExactlyEntriesOf(Map.of("berlin/entrance/" + T0.toEpochMilli(), 2L));
    }

    @Test
    void observationsWithoutAUsableFrameTimeOrCellBecomeDeadLetters() {
        var serializer = Topics.FACE_OBSERVATIONS.valueSerde().serializer();
        byte[] negative =
                serializer.serialize(
                        "", Observations.of("berlin", "entrance", Instant.ofEpochMilli(-1_000)));
        byte[] future =
                serializer.serialize(
                        "",
                        Observations.of(
                                "berlin",
                                "entrance",
                                WALL_CLOCK.instant().plus(Duration.ofMinutes(6))));
        byte[] blankSite = serializer.serialize("", Observations.of(" ", "entrance", at(T0, 7)));

        face("berlin", "entrance", 5);
        harness.pipeBytes("entrance", negative);
        harness.pipeBytes("entrance", future);
        harness.pipeBytes("entrance", blankSite);
        harness.pipeBytes("entrance", null);
        face("berlin", "entrance", 8);
        face("berlin", "entrance", 80);

        List<KeyValue<byte[], DeadLetter>> letters = harness.deadLetters();
        assertThat(letters).hasSize(4);
        String stage = "aggregation/" + AudienceTopology.VALIDATE;
        assertDeadLetter(letters.get(0), negative, 1, "NEGATIVE_FRAME_TIME", stage);
        assertDeadLetter(letters.get(1), future, 2, "FRAME_TIME_IN_FUTURE", stage);
        assertDeadLetter(letters.get(2), blankSite, 3, "MISSING_SITE_OR_CAMERA", stage);
        assertDeadLetter(letters.get(3), null, 4, "EMPTY", stage);
        for (String reason :
                List.of(
                        "NEGATIVE_FRAME_TIME",
                        "FRAME_TIME_IN_FUTURE",
                        "MISSING_SITE_OR_CAMERA",
                        "EMPTY")) {
            assertThat(harness.deadLetterCount(reason)).as(reason).isEqualTo(1);
        }
        assertThat(countsByKey(harness.stats()))
                .as("a future frame time did not close the open window")
                .containsExactlyEntriesOf(Map.of("berlin/entrance/" + T0.toEpochMilli(), 2L));
    }

    @Test
    void aWindowFedByTwoModelSetsNamesBoth() {
        face("berlin", "entrance", 1);
        harness.pipeFrame(
                "berlin",
                "entrance",
                at(T0, 2),
                Observations.of(
                        "berlin",
                        "entrance",
                        at(T0, 2),
                        "candidate-2026.12",
                        Map.of(
                                "detector",
                                "yunet-n@9f3b7d21",
                                "age-sex",
                                "face-api-agegender@5e2c1a0b")));
        face("berlin", "entrance", 90);

        AudienceStats stats = harness.stats().get(0).value;
        assertThat(stats.getFaceObservations()).isEqualTo(2);
        assertThat(stats.getModelSet()).isEqualTo("candidate-2026.12+default-2026.11");
        assertThat(stats.getModelVersions())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "detector", "yunet-n@104ee26c,yunet-n@9f3b7d21",
                                "age-sex", "face-api-agegender@5e2c1a0b"));
    }

    @Test
    void processedFramesCloseAndFillWindowsWhenNobodyIsInView() {
        // "entrance" sees two faces in one frame; "checkout" processes frames with nobody in view.
        for (int second = 0; second < 60; second += 5) {
            int faces = second == 10 ? 2 : 0;
            harness.pipe(Frames.of("berlin", "entrance", at(T0, second), faces));
            for (int face = 0; face < faces; face++) {
                harness.pipe(Observations.of("berlin", "entrance", at(T0, second)));
            }
            if (second % 10 == 0) {
                harness.pipe(Frames.of("berlin", "checkout", at(T0, second + 1), 0));
            }
        }
        harness.pipe(Frames.of("berlin", "entrance", at(T0, 60), 0));
        harness.pipe(Frames.of("berlin", "entrance", at(T0, 65), 0));
        assertThat(harness.stats()).as("the first window is in its grace period").isEmpty();

        harness.pipe(
                Frames.of("berlin", "entrance", at(T0, 70), 0)); // closes [0, 60 s) without a face
        long start = T0.toEpochMilli();
        Map<String, AudienceStats> first = byKey(harness.stats());
        assertThat(first)
                .as("the checkout's time is 51 s: its window is open")
                .containsOnlyKeys("berlin/entrance/" + start);
        AudienceStats entrance = first.get("berlin/entrance/" + start);
        assertThat(entrance.getFrames()).isEqualTo(12);
        assertThat(entrance.getFaceObservations()).isEqualTo(2);

        harness.pipe(Frames.of("berlin", "checkout", at(T0, 71), 0));
        AudienceStats checkout = byKey(harness.stats()).get("berlin/checkout/" + start);
        assertThat(checkout.getFrames()).isEqualTo(6);
        assertThat(checkout.getFaceObservations()).as("nobody there").isZero();
        assertThat(checkout.getModelSet())
                .as("the model set that processed the frames")
                .isEqualTo(Observations.MODEL_SET);
        assertThat(checkout.getModelVersions()).isEmpty();

        for (int second = 75; second <= 130; second += 5) {
            harness.pipe(Frames.of("berlin", "entrance", at(T0, second), 0));
        }
        long second = T0.plusSeconds(60).toEpochMilli();
        Map<String, AudienceStats> next = byKey(harness.stats());
        assertThat(next)
                .as("the checkout's time stands at 71 s: its window [60 s, 120 s) is still open")
                .containsOnlyKeys("berlin/entrance/" + second);
        assertThat(next.get("berlin/entrance/" + second).getFrames()).isEqualTo(12);
        assertThat(next.get("berlin/entrance/" + second).getFaceObservations()).isZero();
        assertThat(harness.deadLetters()).isEmpty();
        assertThat(harness.frameDeadLetters()).isEmpty();
    }

    @Test
    void anEndOfStreamClosesTheSourcesLastWindowsWithoutCountingAsAFrame() {
        // A folder replayed faster than the wall clock moves: every record within the same instant.
        pipeFolderEndingAt95Seconds(harness);

        long start = T0.toEpochMilli();
        long second = T0.plusSeconds(60).toEpochMilli();
        Map<String, AudienceStats> stats = byKey(harness.stats());
        assertThat(stats).containsOnlyKeys("berlin/entrance/" + start, "berlin/entrance/" + second);
        assertThat(stats.get("berlin/entrance/" + start).getFrames()).isEqualTo(6);
        assertThat(stats.get("berlin/entrance/" + start).getFaceObservations()).isEqualTo(1);
        assertThat(stats.get("berlin/entrance/" + second).getFrames())
                .as("frames at 60..90 s; the end of stream is no frame")
                .isEqualTo(4);
        assertThat(stats.get("berlin/entrance/" + second).getFaceObservations()).isEqualTo(2);
        assertThat(harness.frameDeadLetters()).isEmpty();
    }

    @Test
    void anEndOfStreamAloneEmitsNothing() {
        harness.pipe(Frames.endOfStream("berlin", "lobby", at(T0, 5))); // lands in [60 s, 120 s)
        harness.pipe(Frames.of("berlin", "entrance", at(T0, 100), 0)); // so does this frame
        harness.pipe(Frames.endOfStream("berlin", "lobby", T0.plus(Duration.ofMinutes(30))));
        assertThat(harness.stats())
                .as("the lobby's time closes none of the entrance's windows")
                .isEmpty();

        harness.pipe(Frames.endOfStream("berlin", "entrance", at(T0, 101)));
        assertThat(byKey(harness.stats()))
                .as("the lobby's windows, holding only ends of stream, are not emitted")
                .containsOnlyKeys("berlin/entrance/" + T0.plusSeconds(60).toEpochMilli());
        harness.pipe(Frames.endOfStream("berlin", "lobby", T0.plus(Duration.ofMinutes(50))));
        assertThat(harness.stats()).isEmpty();
        assertThat(harness.frameDeadLetters()).isEmpty();
        assertThat(harness.deadLetters()).isEmpty();
    }

    /** At least once for the same reason as the observations' test of undecodable values. */
    @Test
    void badProcessedFramesBecomeDeadLettersOfFramesProcessed() {
        harness.close();
        harness = atLeastOnce();
        var serializer = Topics.FRAMES_PROCESSED.valueSerde().serializer();
        byte[] garbage = utf8("frame 17 processed, 2 faces");
        byte[] blankCamera = serializer.serialize("", Frames.of("berlin", " ", at(T0, 6), 0));
        byte[] future =
                serializer.serialize(
                        "",
                        Frames.of(
                                "berlin",
                                "entrance",
                                WALL_CLOCK.instant().plus(Duration.ofMinutes(6)),
                                0));
        byte[] futureEnd =
                serializer.serialize(
                        "",
                        Frames.endOfStream(
                                "berlin",
                                "entrance",
                                WALL_CLOCK.instant().plus(Duration.ofMinutes(6))));
        byte[] negative =
                serializer.serialize(
                        "", Frames.of("berlin", "entrance", Instant.ofEpochMilli(-40), 0));

        harness.pipe(Frames.of("berlin", "entrance", at(T0, 5), 0));
        harness.pipeFrameBytes("entrance", garbage);
        harness.pipeFrameBytes("entrance", blankCamera);
        harness.pipeFrameBytes("entrance", future);
        harness.pipeFrameBytes("entrance", futureEnd);
        harness.pipeFrameBytes("entrance", negative);
        harness.pipeFrameBytes("entrance", null);
        harness.pipe(Frames.of("berlin", "entrance", at(T0, 8), 0));
        harness.pipe(Frames.of("berlin", "entrance", at(T0, 80), 0));

        List<KeyValue<byte[], DeadLetter>> letters = harness.frameDeadLetters();
        String frames = Topics.FRAMES_PROCESSED.name();
        String stage = "aggregation/" + AudienceTopology.VALIDATE_FRAME;
        assertThat(letters).hasSize(6);
        assertDeadLetter(
                letters.get(0), frames, garbage, 1, "NOT_SINGLE_OBJECT", "aggregation/deserialize");
        assertDeadLetter(letters.get(1), frames, blankCamera, 2, "MISSING_SITE_OR_CAMERA", stage);
        assertDeadLetter(letters.get(2), frames, future, 3, "FRAME_TIME_IN_FUTURE", stage);
        assertDeadLetter(letters.get(3), frames, futureEnd, 4, "FRAME_TIME_IN_FUTURE", stage);
        assertDeadLetter(letters.get(4), frames, negative, 5, "NEGATIVE_FRAME_TIME", stage);
        assertDeadLetter(letters.get(5), frames, null, 6, "EMPTY", stage);
        assertThat(harness.deadLetters())
                .as("nothing goes to the observations' dead letters")
                .isEmpty();
        assertThat(harness.deadLetterCount(frames, "FRAME_TIME_IN_FUTURE")).isEqualTo(2);
        assertThat(harness.deadLetterCount(frames, "NOT_SINGLE_OBJECT")).isEqualTo(1);
        assertThat(harness.deadLetterCount("FRAME_TIME_IN_FUTURE")).isZero();
        Map<String, AudienceStats> stats = byKey(harness.stats());
        assertThat(stats)
                .as("the future end of stream closed nothing")
                .containsOnlyKeys("berlin/entrance/" + T0.toEpochMilli());
        assertThat(stats.get("berlin/entrance/" + T0.toEpochMilli()).getFrames()).isEqualTo(2);
    }

    /**
     * A finite source at one frame per 10 s from 0 to 90 s, faces at 30 s (one) and 80 s (two),
     * ending at 95 s; piped without moving the wall clock.
     */
    private static void pipeFolderEndingAt95Seconds(TopologyHarness harness) {
        for (int second = 0; second <= 90; second += 10) {
            int faces = second == 30 ? 1 : second == 80 ? 2 : 0;
            harness.pipe(Frames.of("berlin", "entrance", at(T0, second), faces), Duration.ZERO);
            for (int face = 0; face < faces; face++) {
                harness.pipe(Observations.of("berlin", "entrance", at(T0, second)), Duration.ZERO);
            }
        }
        harness.pipe(Frames.endOfStream("berlin", "entrance", at(T0, 95)), Duration.ZERO);
    }

    /** One frame with one (untracked) face, as the inference job writes it. */
    private void face(String site, String camera, double seconds) {
        face(site, camera, at(T0, seconds));
    }

    private void face(String site, String camera, Instant frameTime) {
        harness.pipeFrame(site, camera, frameTime, Observations.of(site, camera, frameTime));
    }

    private static Map<String, AudienceStats> byKey(List<KeyValue<String, AudienceStats>> records) {
        assertThat(records.stream().map(r -> r.key).distinct().count())
                .as("one record per site/camera/window")
                .isEqualTo(records.size());
        return records.stream().collect(Collectors.toMap(r -> r.key, r -> r.value));
    }

    @Test
    void everyProcessorStoreAndInternalTopicHasAnExplicitName() {
        TopologyDescription description = AudienceTopology.buildTopology(OPTIONS).describe();
        String text = description.toString();

        assertThat(text).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
        assertThat(text)
                .contains(AudienceTopology.SOURCE + " (topics: [face-observations])")
                .contains(AudienceTopology.FRAMES_SOURCE + " (topics: [frames-processed])")
                .contains(AudienceTopology.BY_SITE_CAMERA + "-repartition")
                .contains("stores: [" + AudienceTopology.PENDING_FRAMES_STORE + "]")
                .contains(
                        "stores: ["
                                + AudienceTopology.TOTALS_STORE
                                + ", "
                                + AudienceTopology.WINDOWS_STORE
                                + ", "
                                + AudienceTopology.WINDOW_CLOCKS_STORE
                                + "]")
                .contains(
                        "stores: ["
                                + AudienceTopology.TRACKS_STORE
                                + ", "
                                + AudienceTopology.CLOCKS_STORE
                                + "]")
                .contains(AudienceTopology.TRACKS_SINK + " (topic: tracks)");
        assertThat(text.split("Sink: ", -1))
                .as(
                        "both inputs share one repartition topic: three sinks in all, it, the stats and the tracks")
                .hasSize(4);
        assertThat(text)
                .contains(
                        "<-- "
                                + AudienceTopology.AS_OBSERVATION_INPUT
                                + ", "
                                + AudienceTopology.AS_FRAME_INPUT);
        assertThat(description.subtopologies()).hasSize(2);
    }

    @Test
    void theTrackClosingProcessorIsNamedForWhatItDoesNotLikeTheInferenceTracker() {
        String text = AudienceTopology.buildTopology(OPTIONS).describe().toString();

        assertThat(AudienceTopology.CLOSE_TRACKS).isEqualTo("close-tracks");
        assertThat(text)
                .contains(
                        "Processor: "
                                + AudienceTopology.CLOSE_TRACKS
                                + " (stores: ["
                                + AudienceTopology.TRACKS_STORE
                                + ", "
                                + AudienceTopology.CLOCKS_STORE
                                + "])")
                .as("track-faces is the inference job's tracker")
                .doesNotContain("track-faces");
        assertThat(AudienceTopology.TRACKS_STORE)
                .as("store names are persisted state (changelog topics): unchanged")
                .isEqualTo("open-tracks");
        assertThat(AudienceTopology.CLOCKS_STORE).isEqualTo("camera-clocks");
    }

    private static void assertDeadLetter(
            KeyValue<byte[], DeadLetter> record,
            byte[] value,
            long offset,
            String reason,
            String stage) {
        assertDeadLetter(record, Topics.FACE_OBSERVATIONS.name(), value, offset, reason, stage);
    }

    private static void assertDeadLetter(
            KeyValue<byte[], DeadLetter> record,
            String sourceTopic,
            byte[] value,
            long offset,
            String reason,
            String stage) {
        DeadLetter letter = record.value;
        assertThat(record.key).isEqualTo(utf8("entrance"));
        assertThat(letter.getSourceTopic()).isEqualTo(sourceTopic);
        assertThat(letter.getSourcePartition()).isZero();
        assertThat(letter.getSourceOffset()).isEqualTo(offset);
        assertThat(AvroBytes.copyOf(letter.getKey())).isEqualTo(utf8("entrance"));
        assertThat(AvroBytes.copyOf(letter.getValue())).isEqualTo(value);
        assertThat(letter.getReason()).isEqualTo(reason);
        assertThat(letter.getStage()).isEqualTo(stage);
        assertThat(letter.getDetail()).isNotBlank();
    }

    private static Map<String, Long> countsByKey(List<KeyValue<String, AudienceStats>> records) {
        assertThat(records.stream().map(r -> r.key).distinct().count())
                .as("one record per site/camera/window")
                .isEqualTo(records.size());
        return records.stream()
                .collect(Collectors.toMap(r -> r.key, r -> r.value.getFaceObservations()));
    }
}
