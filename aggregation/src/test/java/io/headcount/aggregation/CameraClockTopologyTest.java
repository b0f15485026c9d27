package io.headcount.aggregation;

import static io.headcount.aggregation.TopologyHarness.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.aggregation.AudienceReplay.Input;
import io.headcount.aggregation.metrics.AggregationMetrics;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Windows close on each camera's own clock, and a camera's two inputs count the same whatever order
 * they are fetched in: the three timing defects of partition stream time, in a {@link
 * org.apache.kafka.streams.TopologyTestDriver} (one partition, so every camera shares it).
 */
class CameraClockTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Clock WALL_CLOCK =
            Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC);
    private static final String SITE = "berlin";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @RegisterExtension final TopologyHarnesses harnesses = new TopologyHarnesses(registry);

    private TopologyHarness harness(String name, Clock clock, Map<String, String> settings) {
        return harnesses.open(name, clock, settings);
    }

    @Test
    void processedFramesFetchedAheadOfTheirObservationsOrBehindThemCountTheSame() {
        // 25 s of one camera of the replay (the driver flushes every store after each record).
        AudienceReplay replay = AudienceReplay.generate(7L);
        Instant end = replay.start.plusSeconds(25);
        List<Input> records = new ArrayList<>();
        for (Input input : replay.records) {
            if (input.camera().equals("hall") && input.frameTime().isBefore(end)) {
                records.add(input);
            }
        }
        records.add(new Input(false, "hall", end, Frames.endOfStream("lyon", "hall", end)));
        Map<String, String> settings = settings();
        Clock now = Clock.systemUTC();

        Map<String, List<String>> asWritten = run(harness("written", now, settings), records);
        // Frames-processed 3 s of event time ahead of face-observations, then 3 s behind: as two
        // topics fetched separately can arrive.
        Map<String, List<String>> framesAhead =
                run(harness("frames-ahead", now, settings), shifted(records, 3_000));
        Map<String, List<String>> framesBehind =
                run(harness("frames-behind", now, settings), shifted(records, -3_000));

        assertThat(asWritten.get("stats")).hasSize(3);
        assertThat(asWritten.get("tracks")).hasSizeGreaterThan(3);
        assertThat(framesAhead).isEqualTo(asWritten);
        assertThat(framesBehind).isEqualTo(asWritten);
        assertThat(registry.find(AggregationMetrics.LATE_RECORDS).counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
        assertThat(registry.find(AggregationMetrics.INCOMPLETE_FRAMES).counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    @Test
    void oneCamerasEndOfStreamClosesNoneOfTheOtherCamerasWindows() {
        TopologyHarness harness = harness("eos", WALL_CLOCK, Map.of());
        for (int second = 0; second <= 20; second++) {
            harness.pipeFrame(SITE, "lobby", at(T0, second));
        }
        harness.pipe(Frames.endOfStream(SITE, "lobby", at(T0, 20.5)), Duration.ZERO);
        // The entrance runs behind: its visitor's last impression is at 26 s, its source ends at
        // 40 s. The lobby's end of stream (at 20.5 s + 70 s) must not have closed its window.
        Impressions face = Impressions.at(SITE, "entrance");
        for (int tenth = 0; tenth <= 400; tenth += 5) {
            double second = tenth / 10.0;
            boolean inView = second >= 25 && second <= 26;
            FaceObservation[] faces =
                    inView ? new FaceObservation[] {face.of("t1", at(T0, second))} : none();
            harness.pipeFrame(SITE, "entrance", at(T0, second), faces);
        }
        harness.pipe(Frames.endOfStream(SITE, "entrance", at(T0, 40.5)), Duration.ZERO);

        Map<String, AudienceStats> stats = byKey(harness.stats());
        AudienceStats entrance = stats.get(SITE + "/entrance/" + T0.toEpochMilli());
        assertThat(entrance.getFrames()).isEqualTo(81);
        assertThat(entrance.getFaceObservations()).isEqualTo(3);
        assertThat(entrance.getVisitors()).isEqualTo(1);
        assertThat(stats.get(SITE + "/lobby/" + T0.toEpochMilli()).getFrames()).isEqualTo(21);
        assertThat(harness.lateRecords("frame") + harness.lateRecords("observation")).isZero();
        assertThat(harness.lateRecords("visitor")).isZero();
    }

    @Test
    void aCameraFarBehindAnotherOfItsPartitionLosesNothing() {
        TopologyHarness harness = harness("lagging", WALL_CLOCK, Map.of());
        // The lobby's five minutes arrive first, then the entrance's same five minutes.
        for (String camera : List.of("lobby", "entrance")) {
            for (int second = 0; second < 300; second += 2) {
                FaceObservation[] faces =
                        second % 10 == 0
                                ? new FaceObservation[] {
                                    Observations.of(SITE, camera, at(T0, second))
                                }
                                : none();
                harness.pipeFrame(SITE, camera, at(T0, second), faces);
            }
            harness.pipe(Frames.endOfStream(SITE, camera, at(T0, 300)), Duration.ZERO);
        }

        Map<String, AudienceStats> stats = byKey(harness.stats());
        assertThat(stats).hasSize(10);
        assertThat(stats.values())
                .allSatisfy(
                        window -> {
                            assertThat(window.getFrames()).isEqualTo(30);
                            assertThat(window.getFaceObservations()).isEqualTo(6);
                        });
        assertThat(harness.lateRecords("frame") + harness.lateRecords("observation")).isZero();
    }

    @Test
    void aFrameShortOfAnObservationWaitsUntilALaterFaceProvesTheObservationWillNotCome() {
        TopologyHarness harness = harness("short", WALL_CLOCK, Map.of());
        // Frame 1 s reports two faces; one observation is garbage (dead-lettered), the other comes
        // after its frame.
        harness.pipe(Frames.of(SITE, "entrance", at(T0, 1), 2), Duration.ZERO);
        harness.pipeBytes("entrance", null);
        harness.pipe(Observations.of(SITE, "entrance", at(T0, 1)), Duration.ZERO);
        for (int second = 2; second <= 80; second++) {
            harness.pipeFrame(SITE, "entrance", at(T0, second));
        }
        assertThat(harness.stats())
                .as("frames without faces cannot tell whether the missing observation still comes")
                .isEmpty();

        harness.pipeFrame(
                SITE, "entrance", at(T0, 81), Observations.of(SITE, "entrance", at(T0, 81)));

        Map<String, AudienceStats> stats = byKey(harness.stats());
        AudienceStats first = stats.get(SITE + "/entrance/" + T0.toEpochMilli());
        assertThat(first.getFrames()).isEqualTo(59);
        assertThat(first.getFaceObservations()).isEqualTo(1);
        assertThat(stats).hasSize(1);
        assertThat(
                        harness.meterCount(
                                AggregationMetrics.INCOMPLETE_FRAMES,
                                "reason",
                                "missing-observations"))
                .isEqualTo(1);
        assertThat(harness.deadLetterCount("EMPTY")).isEqualTo(1);
    }

    @Test
    void observationsWhoseProcessedFrameWasDeadLetteredGoWithTheNextCompleteFrame() {
        TopologyHarness harness = harness("no-frame", WALL_CLOCK, Map.of());
        harness.pipeFrame(SITE, "entrance", at(T0, 0));
        harness.pipe(Observations.of(SITE, "entrance", at(T0, 1)), Duration.ZERO);
        harness.pipeFrameBytes("entrance", TopologyHarness.utf8("not a processed frame"));
        harness.pipeFrame(SITE, "entrance", at(T0, 2));
        harness.pipeFrame(SITE, "entrance", at(T0, 70));

        AudienceStats first = byKey(harness.stats()).get(SITE + "/entrance/" + T0.toEpochMilli());
        assertThat(first.getFrames()).isEqualTo(2);
        assertThat(first.getFaceObservations()).isEqualTo(1);
        assertThat(
                        harness.meterCount(
                                AggregationMetrics.INCOMPLETE_FRAMES,
                                "reason",
                                "no-processed-frame"))
                .isEqualTo(1);
        assertThat(
                        harness.deadLetterCount(
                                io.headcount.schemas.topics.Topics.FRAMES_PROCESSED.name(),
                                "NOT_SINGLE_OBJECT"))
                .isEqualTo(1);
    }

    private static FaceObservation[] none() {
        return new FaceObservation[0];
    }

    /** The replay's settings: 10 s windows, 5 s grace, k = 2. */
    private static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put(
                AggregationOptions.WINDOW_SIZE_MS, Long.toString(AudienceReplay.WINDOW.toMillis()));
        settings.put(
                AggregationOptions.WINDOW_GRACE_MS, Long.toString(AudienceReplay.GRACE.toMillis()));
        settings.put(AggregationOptions.SUPPRESSION_MIN_COUNT, "2");
        return settings;
    }

    /**
     * The records with each processed frame moved {@code framesLeadMillis} of event time earlier
     * (later, if negative) relative to the observations; each topic keeps its own order.
     */
    private static List<Input> shifted(List<Input> records, long framesLeadMillis) {
        ToLongFunction<Input> when =
                input ->
                        input.frameTime().toEpochMilli()
                                - (input.observation() ? 0 : framesLeadMillis);
        List<Input> reordered = new ArrayList<>(records);
        reordered.sort(Comparator.comparingLong(when)); // stable: each topic keeps its order
        return reordered;
    }

    /** Both outputs, as sorted lines {@code key value}. */
    private static Map<String, List<String>> run(TopologyHarness harness, List<Input> records) {
        for (Input input : records) {
            if (input.observation()) {
                harness.pipe((FaceObservation) input.value(), Duration.ZERO);
            } else {
                harness.pipe((FrameProcessed) input.value(), Duration.ZERO);
            }
        }
        return Map.of("stats", lines(harness.stats()), "tracks", lines(harness.tracks()));
    }

    private static <V> List<String> lines(List<KeyValue<String, V>> records) {
        return records.stream().map(record -> record.key + " " + record.value).sorted().toList();
    }

    private static Map<String, AudienceStats> byKey(List<KeyValue<String, AudienceStats>> records) {
        Map<String, AudienceStats> byKey =
                records.stream().collect(Collectors.toMap(r -> r.key, r -> r.value));
        assertThat(byKey).as("one record per site/camera/window").hasSize(records.size());
        return byKey;
    }
}
