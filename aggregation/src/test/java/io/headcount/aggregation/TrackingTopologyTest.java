package io.headcount.aggregation;

import static io.headcount.aggregation.TopologyHarness.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headcount.aggregation.metrics.AggregationMetrics;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.Cell;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.Percentiles;
import io.headcount.schemas.TrackSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tracks, confirmation, fusion, switches and suppression through the real topology and serdes. */
class TrackingTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Clock WALL_CLOCK =
            Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC);
    private static final String SITE = "berlin";
    private static final String CAMERA = "entrance";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @RegisterExtension final TopologyHarnesses harnesses = new TopologyHarnesses(registry);

    private TopologyHarness harness(Map<String, String> settings) {
        return harness(settings, "main");
    }

    private TopologyHarness harness(Map<String, String> settings, String name) {
        return harnesses.open(name, WALL_CLOCK, settings);
    }

    /** Impressions of one track at the given seconds after T0, each in a frame of its own. */
    private static void track(
            TopologyHarness harness, Impressions face, String trackId, double... seconds) {
        for (double second : seconds) {
            FaceObservation impression = face.of(trackId, at(T0, second));
            harness.pipeFrame(
                    impression.getSite(),
                    impression.getCamera(),
                    impression.getFrameTime(),
                    impression);
        }
    }

    /** A processed frame of the camera: moves its event time (closing tracks) and the windows'. */
    private static void frameAt(
            TopologyHarness harness, String site, String camera, double seconds) {
        harness.pipe(Frames.of(site, camera, at(T0, seconds), 0), Duration.ZERO);
    }

    private static Map<String, AudienceStats> statsByKey(TopologyHarness harness) {
        return harness.stats().stream().collect(Collectors.toMap(r -> r.key, r -> r.value));
    }

    private static Map<String, TrackSummary> tracksByKey(TopologyHarness harness) {
        List<KeyValue<String, TrackSummary>> tracks = harness.tracks();
        Map<String, TrackSummary> byKey =
                tracks.stream().collect(Collectors.toMap(r -> r.key, r -> r.value));
        assertThat(byKey).as("one summary per visitor").hasSize(tracks.size());
        return byKey;
    }

    private static String window(String site, String camera, long startSeconds) {
        return site + "/" + camera + "/" + T0.plusSeconds(startSeconds).toEpochMilli();
    }

    @Test
    void onlyTracksOfAtLeastThreeImpressionsOverHalfASecondAreVisitors() {
        TopologyHarness harness = harness(Map.of());
        Impressions face = Impressions.at(SITE, "hall/2");
        track(harness, face, "two-impressions", 0, 1);
        track(harness, face, "three-over-500ms", 10, 10.25, 10.5);
        track(harness, face, "three-within-100ms", 20, 20.05, 20.1);
        // No track id: a face only.
        harness.pipeFrame(SITE, "hall/2", at(T0, 30), Observations.of(SITE, "hall/2", at(T0, 30)));
        frameAt(harness, SITE, "hall/2", 75);

        Map<String, TrackSummary> tracks = tracksByKey(harness);
        assertThat(tracks).containsOnlyKeys("hall%2F2/three-over-500ms");
        TrackSummary visitor = tracks.get("hall%2F2/three-over-500ms");
        assertThat(visitor.getSite()).isEqualTo(SITE);
        assertThat(visitor.getCamera()).isEqualTo("hall/2");
        assertThat(visitor.getTrackId()).isEqualTo("three-over-500ms");
        assertThat(visitor.getFirstSeen()).isEqualTo(at(T0, 10));
        assertThat(visitor.getLastSeen()).isEqualTo(at(T0, 10.5));
        assertThat(visitor.getImpressions()).isEqualTo(3);
        assertThat(visitor.getImpressionsUsed()).isEqualTo(3);
        assertThat(visitor.getDwellMillis()).isEqualTo(500);
        assertThat(visitor.getAttentionMillis()).as("frontal throughout").isEqualTo(500);
        assertThat(visitor.getModelSet()).isEqualTo(Observations.MODEL_SET);

        AudienceStats stats = statsByKey(harness).get("berlin/hall%2F2/" + T0.toEpochMilli());
        assertThat(stats.getVisitors()).isEqualTo(1);
        assertThat(stats.getFaceObservations()).isEqualTo(9);
        assertThat(harness.meterCount(AggregationMetrics.TRACKS_CLOSED, "outcome", "visitor"))
                .isEqualTo(1);
        assertThat(harness.meterCount(AggregationMetrics.TRACKS_CLOSED, "outcome", "unconfirmed"))
                .isEqualTo(2);
    }

    @Test
    void contradictingImpressionsAreFusedByQualityWeightedLogOdds() {
        TopologyHarness harness = harness(Map.of());
        Impressions female = Impressions.at(SITE, CAMERA).female(0.95f).yaw(0f);
        Impressions male = Impressions.at(SITE, CAMERA).female(0.005f).yaw(0f);
        // Three confident "female" impressions of a small face (20 px: weight 1/4), one confident
        // "male" impression of a full-size face: the good face decides.
        track(harness, female.faceSize(20f), "small-faces", 0, 0.2, 0.4);
        track(harness, male, "small-faces", 0.6);
        // The same probabilities, all of full-size faces: four impressions' worth, past the cap of
        // two, so the mean log-odds times two: the majority leans female, but the confident "male"
        // keeps it undetermined.
        track(harness, female.faceSize(80f), "equal-faces", 10, 10.2, 10.4);
        track(harness, male, "equal-faces", 10.6);
        frameAt(harness, SITE, CAMERA, 20);

        Map<String, TrackSummary> tracks = tracksByKey(harness);
        double smallFaces = sigmoid(3 * 0.25 * logit(0.95f) + logit(0.005f));
        assertThat(tracks.get("entrance/small-faces").getSex().getValue()).isEqualTo("male");
        assertThat((double) tracks.get("entrance/small-faces").getSex().getConfidence())
                .isCloseTo(1 - smallFaces, within(1e-5));
        double equalFaces = sigmoid((3 * logit(0.95f) + logit(0.005f)) / 4 * 2); // 0.854
        assertThat(tracks.get("entrance/equal-faces").getSex().getValue())
                .isEqualTo("undetermined");
        assertThat((double) tracks.get("entrance/equal-faces").getSex().getConfidence())
                .isCloseTo(equalFaces, within(1e-5));
    }

    @Test
    void weakEvidenceIsUndeterminedNotForcedIntoAClass() {
        TopologyHarness harness = harness(Map.of(AggregationOptions.SUPPRESSION_MIN_COUNT, "1"));
        Impressions weak =
                Impressions.at(SITE, CAMERA)
                        .female(0.6f)
                        .yaw(0f)
                        .ageGroups(Map.of("20-29", 0.55f, "30-39", 0.45f));
        track(harness, weak, "weak", 0, 0.5, 1);
        Impressions strong = Impressions.at(SITE, CAMERA).female(0.9f).yaw(0f);
        track(harness, strong, "strong", 5, 5.5, 6);
        frameAt(harness, SITE, CAMERA, 75);

        Map<String, TrackSummary> tracks = tracksByKey(harness);
        TrackSummary weakTrack = tracks.get("entrance/weak");
        assertThat(weakTrack.getSex().getValue()).isEqualTo("undetermined");
        assertThat((double) weakTrack.getSex().getConfidence())
                .as("three impressions at 0.6, capped at two impressions' worth")
                .isCloseTo(sigmoid(2 * logit(0.6f)), within(1e-5));
        double ageConfidence = 1 / (1 + Math.exp(3 * (Math.log(0.45f) - Math.log(0.55f))));
        assertThat(weakTrack.getAgeGroup().getValue()).isEqualTo("undetermined");
        assertThat((double) weakTrack.getAgeGroup().getConfidence())
                .isCloseTo(ageConfidence, within(1e-5));
        assertThat(tracks.get("entrance/strong").getSex().getValue())
                .as("three impressions at 0.9 fuse to %.3f", sigmoid(2 * logit(0.9f)))
                .isEqualTo("female");

        AudienceStats stats = statsByKey(harness).get(window(SITE, CAMERA, 0));
        assertThat(stats.getBySex())
                .containsOnly(
                        Map.entry("female", new Cell(1L, false)),
                        Map.entry("undetermined", new Cell(1L, false)));
        assertThat(stats.getByAgeGroup())
                .containsOnly(
                        Map.entry("30-39", new Cell(1L, false)),
                        Map.entry("undetermined", new Cell(1L, false)));
    }

    @Test
    void anAttributeASiteSwitchedOffIsNeitherFusedNorBrokenDown() {
        TopologyHarness harness =
                harness(
                        Map.of(
                                AggregationOptions.SITE_PREFIX
                                        + "paris"
                                        + AggregationOptions.ATTRIBUTES_DISABLED_SUFFIX,
                                "sex, age",
                                AggregationOptions.SUPPRESSION_MIN_COUNT,
                                "1"));
        track(harness, Impressions.at("paris", CAMERA), "p1", 0, 0.5, 1);
        track(harness, Impressions.at(SITE, CAMERA), "b1", 0, 0.5, 1);
        frameAt(harness, "paris", CAMERA, 75);
        frameAt(harness, SITE, CAMERA, 75);

        Map<String, TrackSummary> tracks = tracksByKey(harness);
        TrackSummary paris = tracks.get("entrance/p1");
        assertThat(paris.getSex()).isNull();
        assertThat(paris.getAgeGroup()).isNull();
        assertThat(paris.getMasked().getValue()).isEqualTo("unmasked");
        assertThat(paris.getExpression().getValue()).isEqualTo("neutral");
        assertThat(tracks.get("entrance/b1").getSex().getValue())
                .as("other sites keep it")
                .isEqualTo("female");

        Map<String, AudienceStats> stats = statsByKey(harness);
        AudienceStats parisStats = stats.get(window("paris", CAMERA, 0));
        assertThat(parisStats.getVisitors()).isEqualTo(1);
        assertThat(parisStats.getBySex()).isEmpty();
        assertThat(parisStats.getByAgeGroup()).isEmpty();
        assertThat(parisStats.getByMask()).containsOnly(Map.entry("unmasked", new Cell(1L, false)));
        assertThat(stats.get(window(SITE, CAMERA, 0)).getBySex()).containsOnlyKeys("female");
    }

    @Test
    void cellsBelowKAndTheCellsThatWouldRevealThemAreSuppressedAndSoArePercentilesOfFewerThanK() {
        TopologyHarness harness = harness(Map.of());
        List<Long> dwell = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Impressions face = Impressions.at(SITE, CAMERA).female(i < 5 ? 0.99f : 0.01f);
            double start = i * 5;
            double end = start + 0.5 + i * 0.25;
            track(harness, face, "v" + i, start, start + 0.5, end);
            dwell.add(Math.round((end - start) * 1000));
        }
        // Four visitors in the next window.
        for (int i = 0; i < 4; i++) {
            track(
                    harness,
                    Impressions.at(SITE, CAMERA),
                    "w" + i,
                    60 + i * 5,
                    60.5 + i * 5,
                    61 + i * 5);
        }
        frameAt(harness, SITE, CAMERA, 135);

        Map<String, AudienceStats> stats = statsByKey(harness);
        AudienceStats first = stats.get(window(SITE, CAMERA, 0));
        assertThat(first.getVisitors()).isEqualTo(9);
        assertThat(first.getBySex())
                .as("k = 5: four is suppressed, and so is five, which would say 9 - 5 = 4")
                .containsOnly(
                        Map.entry("female", new Cell(null, true)),
                        Map.entry("male", new Cell(null, true)));
        assertThat(first.getByAgeGroup()).containsOnly(Map.entry("30-39", new Cell(9L, false)));
        dwell.sort(null);
        assertThat(first.getDwellMillis())
                .isEqualTo(new Percentiles(dwell.get(4), dwell.get(8), dwell.get(8)));

        AudienceStats second = stats.get(window(SITE, CAMERA, 60));
        assertThat(second.getVisitors()).as("the total is not suppressed").isEqualTo(4);
        assertThat(second.getBySex())
                .as("a lone suppressed female cell would say all 4 are women: no cells")
                .isEmpty();
        assertThat(second.getDwellMillis()).isNull();
        assertThat(second.getAttentionMillis()).isNull();
    }

    @Test
    void aVisitorClosingAfterItsWindowEndsCountsThereAndRecordsLaterThanTheGraceDoNot() {
        TopologyHarness harness = harness(Map.of(AggregationOptions.SUPPRESSION_MIN_COUNT, "1"));
        // Last seen at 58 s: known as a visitor only once its camera reaches 61 s (gap 3 s, then
        // a check-interval boundary), inside the grace period of [0, 60 s), so it counts there.
        track(harness, Impressions.at(SITE, CAMERA), "leaving", 57, 57.5, 58);
        frameAt(harness, SITE, CAMERA, 61.5);
        // Another camera's time, far ahead, closes nothing of this one.
        frameAt(harness, SITE, "checkout", 600);
        frameAt(harness, SITE, CAMERA, 69.9);
        assertThat(statsByKey(harness)).as("the entrance's clock is short of 70 s").isEmpty();
        frameAt(harness, SITE, CAMERA, 70);
        // A frame and a tracked face from 30 s arriving now are past the grace period.
        track(harness, Impressions.at(SITE, CAMERA), "too-late", 30);
        frameAt(harness, SITE, CAMERA, 130);

        assertThat(tracksByKey(harness)).containsOnlyKeys("entrance/leaving");
        Map<String, AudienceStats> stats = statsByKey(harness);
        AudienceStats first = stats.get(window(SITE, CAMERA, 0));
        assertThat(first.getVisitors()).isEqualTo(1);
        assertThat(first.getFaceObservations()).isEqualTo(3);
        assertThat(first.getFrames()).isEqualTo(3);
        assertThat(stats.get(window(SITE, CAMERA, 60)).getFrames()).isEqualTo(3);
        assertThat(harness.lateRecords("observation")).isEqualTo(1);
        assertThat(harness.lateRecords("frame")).isEqualTo(1);
        assertThat(harness.meterCount(AggregationMetrics.UNTRACKED_IMPRESSIONS, "reason", "late"))
                .as("an impression that old starts no track")
                .isEqualTo(1);
    }

    @Test
    void anImpressionArrivingAfterItsTrackClosedIsNotASecondVisitor() {
        TopologyHarness harness = harness(Map.of());
        track(harness, Impressions.at(SITE, CAMERA), "x", 10, 10.5, 11);
        frameAt(harness, SITE, CAMERA, 20);
        track(
                harness,
                Impressions.at(SITE, CAMERA),
                "x",
                11.2,
                11.4,
                11.6); // out of order, within grace
        frameAt(harness, SITE, CAMERA, 75);

        assertThat(tracksByKey(harness)).containsOnlyKeys("entrance/x");
        assertThat(harness.meterCount(AggregationMetrics.UNTRACKED_IMPRESSIONS, "reason", "late"))
                .isEqualTo(3);
        AudienceStats stats = statsByKey(harness).get(window(SITE, CAMERA, 0));
        assertThat(stats.getVisitors()).isEqualTo(1);
        assertThat(stats.getFaceObservations())
                .as("the late impressions are still faces")
                .isEqualTo(6);
    }

    @Test
    void aTrackStillSeenAtTheMaximumDurationIsSplitIntoSegments() {
        TopologyHarness harness = harness(Map.of(AggregationOptions.TRACK_MAX_DURATION_MS, "2000"));
        double[] every500ms = new double[11];
        for (int i = 0; i < every500ms.length; i++) {
            every500ms[i] = i * 0.5;
        }
        track(harness, Impressions.at(SITE, CAMERA), "long", every500ms);
        frameAt(harness, SITE, CAMERA, 75);

        Map<String, TrackSummary> tracks = tracksByKey(harness);
        assertThat(tracks).containsOnlyKeys("entrance/long", "entrance/long#1", "entrance/long#2");
        assertThat(tracks.get("entrance/long").getFirstSeen()).isEqualTo(at(T0, 0));
        assertThat(tracks.get("entrance/long").getLastSeen()).isEqualTo(at(T0, 1.5));
        assertThat(tracks.get("entrance/long#1").getFirstSeen()).isEqualTo(at(T0, 2));
        assertThat(tracks.get("entrance/long#1").getImpressions()).isEqualTo(4);
        assertThat(tracks.get("entrance/long#2").getFirstSeen()).isEqualTo(at(T0, 4));
        assertThat(tracks.get("entrance/long#2").getLastSeen()).isEqualTo(at(T0, 5));
        assertThat(statsByKey(harness).get(window(SITE, CAMERA, 0)).getVisitors()).isEqualTo(3);
    }

    @Test
    void replayingTheSameInputGivesIdenticalOutputs() {
        Consumer<TopologyHarness> scenario =
                harness -> {
                    java.util.Random random = new java.util.Random(42);
                    for (int second = 0; second < 70; second++) {
                        for (String camera : List.of("entrance", "checkout")) {
                            for (int person = 0; person < 2; person++) {
                                if (random.nextInt(4) == 0) {
                                    continue;
                                }
                                Impressions face =
                                        Impressions.at(SITE, camera)
                                                .female(random.nextFloat())
                                                .faceSize(20 + random.nextInt(80))
                                                .yaw(random.nextFloat() * 60 - 30)
                                                .ageGroups(
                                                        Map.of(
                                                                "20-29",
                                                                random.nextFloat(),
                                                                "30-39",
                                                                random.nextFloat()));
                                String trackId = camera + "-" + person + "-" + (second / 20);
                                track(harness, face, trackId, second + person * 0.3);
                            }
                            frameAt(harness, SITE, camera, second + 0.9);
                        }
                    }
                    harness.pipe(Frames.endOfStream(SITE, "entrance", at(T0, 71)), Duration.ZERO);
                    harness.pipe(Frames.endOfStream(SITE, "checkout", at(T0, 71)), Duration.ZERO);
                };
        Map<String, String> settings = Map.of(AggregationOptions.SUPPRESSION_MIN_COUNT, "2");
        TopologyHarness first = harness(settings, "first");
        scenario.accept(first);
        List<KeyValue<String, TrackSummary>> firstTracks = first.tracks();
        List<KeyValue<String, AudienceStats>> firstStats = first.stats();
        TopologyHarness second = harness(settings, "second");
        scenario.accept(second);

        assertThat(firstStats).hasSize(4);
        assertThat(firstStats)
                .allSatisfy(record -> assertThat(record.value.getVisitors()).isPositive());
        assertThat(firstTracks).hasSizeGreaterThan(10);
        assertThat(second.tracks()).isEqualTo(firstTracks);
        assertThat(second.stats()).isEqualTo(firstStats);
    }

    private static double logit(float p) {
        return Math.log(p / (1.0 - p));
    }

    private static double sigmoid(double logOdds) {
        return 1 / (1 + Math.exp(-logOdds));
    }
}
