package io.headcount.aggregation.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.aggregation.Frames;
import io.headcount.aggregation.Impressions;
import io.headcount.aggregation.ProcessorContexts;
import io.headcount.aggregation.counting.WindowTally;
import io.headcount.aggregation.domain.Fused;
import io.headcount.aggregation.metrics.AggregationMetrics;
import io.headcount.schemas.AttributeProbabilities;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FusedAttribute;
import io.headcount.schemas.TrackSummary;
import io.headcount.schemas.codec.AvroCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The tracker alone, in a {@link MockProcessorContext} with in-memory stores and the real serdes:
 * when a track closes, that an unconfirmed one is never counted, one summary per closed track, and
 * that nothing but its camera's own records moves it (no punctuation).
 */
class TrackProcessorTest {

    /** On a second boundary, so the check-interval boundaries fall on whole seconds after it. */
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private static final String SITE = "berlin";
    private static final String CAMERA = "entrance";
    private static final String CELL = "berlin/entrance";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private MockProcessorContext<String, TrackerOutput> context;
    private KeyValueStore<String, TrackState> tracks;
    private KeyValueStore<String, Long> clocks;

    private TrackProcessor processor(TrackRules rules) {
        context = ProcessorContexts.create(registry);
        tracks =
                ProcessorContexts.addStore(
                        context, "open-tracks", Serdes.String(), new TrackStateSerde());
        clocks =
                ProcessorContexts.addStore(
                        context, "camera-clocks", Serdes.String(), Serdes.Long());
        TrackProcessor processor =
                new TrackProcessor(rules, FusionRules.defaults(), "open-tracks", "camera-clocks");
        processor.init(context);
        return processor;
    }

    @Test
    void aTrackClosesWhenItsCamerasTimeReachesItsLastImpressionPlusTheGap() {
        TrackProcessor processor = processor(TrackRules.defaults());
        impressions(processor, CAMERA, "a", 0, 500, 1000);
        frame(processor, CAMERA, 3999);
        assertThat(visitors()).as("at 3.999 s the 3 s gap after 1 s has not passed").isEmpty();
        assertThat(tracks.get(CELL + "/a")).isNotNull();

        context.resetForwards();
        frame(processor, CAMERA, 4000);

        // The visitor, its tally at its last impression, then the closing frame's own tally.
        List<Record<String, TrackerOutput>> out = forwarded();
        assertThat(out).hasSize(3);
        assertThat(out.get(0).key()).isEqualTo("entrance/a");
        assertThat(out.get(0).timestamp()).isEqualTo(millis(1000));
        TrackSummary visitor = ((TrackerOutput.Visitor) out.get(0).value()).summary();
        assertThat(visitor.getFirstSeen()).isEqualTo(T0);
        assertThat(visitor.getLastSeen()).isEqualTo(T0.plusMillis(1000));
        assertThat(visitor.getImpressions()).isEqualTo(3);
        assertThat(visitor.getDwellMillis()).isEqualTo(1000);
        assertThat(out.get(1).key()).isEqualTo(CELL);
        assertThat(out.get(1).timestamp()).isEqualTo(millis(1000));
        assertThat(tally(out.get(1)).visitors()).isEqualTo(1);
        assertThat(out.get(2).timestamp()).isEqualTo(millis(4000));
        assertThat(tally(out.get(2)).frames()).isEqualTo(1);
        assertThat(tally(out.get(2)).visitors()).isZero();

        assertThat(tracks.get(CELL + "/a")).as("closed tracks leave the store").isNull();
        assertThat(clocks.get(CELL)).isEqualTo(millis(4000));
        assertThat(closed(AggregationMetrics.OUTCOME_VISITOR)).isEqualTo(1);
    }

    @Test
    void aPassedGapIsNoticedAtTheNextCheckIntervalBoundaryOfItsCamerasTime() {
        TrackProcessor processor = processor(TrackRules.defaults());
        impressions(processor, CAMERA, "a", 200, 700, 1200);
        frame(processor, CAMERA, 4100);
        // The gap passes at 4.2 s, but 4.5 s crosses no whole second since 4.1 s: no look yet.
        frame(processor, CAMERA, 4500);
        frame(processor, CAMERA, 3000);
        assertThat(visitors()).isEmpty();
        assertThat(clocks.get(CELL)).as("an earlier frame moves no clock").isEqualTo(millis(4500));

        frame(processor, CAMERA, 5000);
        assertThat(visitors()).hasSize(1);
        assertThat(visitors().get(0).getLastSeen()).isEqualTo(T0.plusMillis(1200));
    }

    @Test
    void anUnconfirmedTrackIsNeverCounted() {
        TrackProcessor processor = processor(TrackRules.defaults());
        impressions(processor, CAMERA, "two", 0, 1000);
        impressions(processor, CAMERA, "quick", 2000, 2050, 2100);
        frame(processor, CAMERA, 10_000);
        frame(processor, CAMERA, 60_000);

        assertThat(visitors()).isEmpty();
        assertThat(forwarded())
                .as("five faces and two frames, no visitor")
                .hasSize(7)
                .allSatisfy(record -> assertThat(tally(record).visitors()).isZero());
        assertThat(tracks.get(CELL + "/two")).as("closed, not left open").isNull();
        assertThat(tracks.get(CELL + "/quick")).isNull();
        assertThat(closed(AggregationMetrics.OUTCOME_UNCONFIRMED)).isEqualTo(2);
        assertThat(closed(AggregationMetrics.OUTCOME_VISITOR)).isZero();
    }

    @Test
    void eachClosedTrackGivesOneSummaryAndAnIdSeenAgainAfterTheGapIsANewTrack() {
        // A check interval of 10 s: the track's own next impression finds its gap passed first.
        TrackRules rules =
                new TrackRules(
                        Duration.ofSeconds(3),
                        Duration.ofMinutes(10),
                        3,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(10));
        TrackProcessor processor = processor(rules);
        impressions(processor, CAMERA, "a", 0, 500, 1000);
        frame(processor, CAMERA, 3800);
        assertThat(visitors()).isEmpty();
        impressions(processor, CAMERA, "a", 4200);
        assertThat(visitors()).as("closed by its own next impression").hasSize(1);
        impressions(processor, CAMERA, "a", 4700, 5200);
        frame(processor, CAMERA, 20_000);
        frame(processor, CAMERA, 30_000);
        frame(processor, CAMERA, 40_000);

        List<TrackSummary> visitors = visitors();
        assertThat(visitors).hasSize(2);
        assertThat(visitors.get(0).getFirstSeen()).isEqualTo(T0);
        assertThat(visitors.get(0).getLastSeen()).isEqualTo(T0.plusMillis(1000));
        assertThat(visitors.get(1).getTrackId()).as("the same id, the same key").isEqualTo("a");
        assertThat(visitors.get(1).getFirstSeen()).isEqualTo(T0.plusMillis(4200));
        assertThat(visitors.get(1).getLastSeen()).isEqualTo(T0.plusMillis(5200));
        assertThat(visitors.get(1).getImpressions()).isEqualTo(3);
        assertThat(closed(AggregationMetrics.OUTCOME_VISITOR)).isEqualTo(2);
    }

    @Test
    void aTrackStillSeenAtItsMaximumDurationClosesThereAndTheImpressionStartsTheNextSegment() {
        TrackRules rules =
                new TrackRules(
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(2),
                        3,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1));
        TrackProcessor processor = processor(rules);
        impressions(processor, CAMERA, "a", 0, 500, 1000, 1999);
        assertThat(visitors()).as("1.999 s old: not yet the 2 s maximum").isEmpty();

        context.resetForwards();
        impressions(processor, CAMERA, "a", 2000);
        List<Record<String, TrackerOutput>> out = forwarded();
        assertThat(out).as("the first segment, its tally, then the impression's").hasSize(3);
        TrackSummary first = ((TrackerOutput.Visitor) out.get(0).value()).summary();
        assertThat(first.getTrackId()).isEqualTo("a");
        assertThat(first.getLastSeen()).isEqualTo(T0.plusMillis(1999));
        assertThat(first.getImpressions()).isEqualTo(4);
        assertThat(tally(out.get(2)).faceObservations()).isEqualTo(1);

        impressions(processor, CAMERA, "a", 2500, 3000);
        frame(processor, CAMERA, 6000);
        List<TrackSummary> visitors = visitors();
        assertThat(visitors).hasSize(2);
        assertThat(visitors.get(1).getTrackId()).isEqualTo("a#1");
        assertThat(visitors.get(1).getFirstSeen()).isEqualTo(T0.plusMillis(2000));
        assertThat(visitors.get(1).getImpressions()).isEqualTo(3);
        assertThat(out.get(0).key()).isEqualTo("entrance/a");
        assertThat(forwarded().get(forwarded().size() - 3).key()).isEqualTo("entrance/a#1");
    }

    @Test
    void noPunctuationOnlyTheCamerasOwnRecordsCloseItsTracks() {
        TrackProcessor processor = processor(TrackRules.defaults());
        assertThat(context.scheduledPunctuators()).isEmpty();
        impressions(processor, CAMERA, "a", 0, 500, 1000);

        // Another camera ten minutes ahead, and wall clock and stream time an hour ahead.
        frame(processor, "checkout", 600_000);
        context.setCurrentSystemTimeMs(millis(3_600_000));
        context.setCurrentStreamTimeMs(millis(3_600_000));
        assertThat(visitors()).isEmpty();
        assertThat(tracks.get(CELL + "/a")).isNotNull();
        assertThat(clocks.get(CELL)).isEqualTo(millis(1000));
        assertThat(clocks.get("berlin/checkout")).isEqualTo(millis(600_000));

        frame(processor, CAMERA, 4000);
        assertThat(visitors()).hasSize(1);
        assertThat(context.scheduledPunctuators()).isEmpty();
    }

    @Test
    void aWholeFrameSendsOneTallyPerEventTimeAndTheSameVisitorsAsItsRecordsOneByOne() {
        Impressions face = Impressions.at(SITE, CAMERA);
        var first = face.of("b", T0.plusMillis(4000));
        var second = face.of("c", T0.plusMillis(4000));
        var processed = Frames.of(SITE, CAMERA, T0.plusMillis(4000), 2);

        TrackProcessor oneByOne = processor(TrackRules.defaults());
        impressions(oneByOne, CAMERA, "a", 0, 500, 1000);
        context.resetForwards();
        oneByOne.process(new Record<>(CAMERA, new CameraInput.Observation(first), millis(4000)));
        oneByOne.process(new Record<>(CAMERA, new CameraInput.Observation(second), millis(4000)));
        oneByOne.process(new Record<>(CAMERA, new CameraInput.Frame(processed), millis(4000)));
        List<TrackSummary> visitorsOneByOne = visitors();
        List<Record<String, TrackerOutput>> talliesOneByOne =
                forwarded().stream().filter(r -> r.value() instanceof TrackerOutput.Tally).toList();

        TrackProcessor whole = processor(TrackRules.defaults());
        impressions(whole, CAMERA, "a", 0, 500, 1000);
        context.resetForwards();
        whole.process(
                new Record<>(
                        CAMERA,
                        new CameraInput.WholeFrame(
                                List.of(
                                        new CameraInput.Timed(
                                                new CameraInput.Observation(first), millis(4000)),
                                        new CameraInput.Timed(
                                                new CameraInput.Observation(second), millis(4000)),
                                        new CameraInput.Timed(
                                                new CameraInput.Frame(processed), millis(4000)))),
                        millis(4000)));

        assertThat(visitors()).isEqualTo(visitorsOneByOne).hasSize(1);
        assertThat(tracks.get(CELL + "/b")).isNotNull();
        assertThat(tracks.get(CELL + "/c")).isNotNull();
        // One by one: the visitor's tally at 1 s, then three tallies at 4 s; whole: two in all.
        assertThat(talliesOneByOne).hasSize(4);
        List<Record<String, TrackerOutput>> out = forwarded();
        assertThat(out).hasSize(3);
        assertThat(out.get(1)).isEqualTo(talliesOneByOne.get(0));
        assertThat(out.get(2).timestamp()).isEqualTo(millis(4000));
        assertThat(tally(out.get(2)))
                .isEqualTo(
                        tally(talliesOneByOne.get(1))
                                .plus(tally(talliesOneByOne.get(2)))
                                .plus(tally(talliesOneByOne.get(3))));
        assertThat(tally(out.get(2)).faceObservations()).isEqualTo(2);
        assertThat(tally(out.get(2)).frames()).isEqualTo(1);
    }

    @Test
    void anImpressionWithoutAttributesIsNoEvidenceNotAnUndeterminedVote() {
        // The inference job describes a track's best impressions only: the others arrive with
        // every attribute null. 2 described and 10 undescribed impressions fuse exactly as the 2
        // described ones alone would.
        TrackProcessor processor = processor(TrackRules.defaults());
        Impressions face = Impressions.at(SITE, CAMERA).female(0.8f);
        AvroCodec<FaceObservation> codec = AvroCodec.of(FaceObservation.class);
        BinaryEvidence described = new BinaryEvidence();
        for (long millis = 0; millis <= 1100; millis += 100) {
            FaceObservation observation = face.of("a", T0.plusMillis(millis));
            if (millis == 0 || millis == 1100) {
                described.add(
                        observation.getAttributes().getFemale(),
                        ImpressionWeight.of(observation.getQuality()));
            } else {
                observation =
                        FaceObservation.newBuilder(observation)
                                .setAttributes(AttributeProbabilities.newBuilder().build())
                                .build();
            }
            // The contract allows it: every attribute is nullable.
            observation = codec.decode(codec.encode(observation));
            processor.process(
                    new Record<>(CAMERA, new CameraInput.Observation(observation), millis(millis)));
        }
        frame(processor, CAMERA, 5000);

        TrackSummary visitor = visitors().get(0);
        assertThat(visitor.getImpressions()).isEqualTo(12);
        assertThat(visitor.getImpressionsUsed()).isEqualTo(2);
        FusedAttribute expected =
                described.fuse(Fused.FEMALE, Fused.MALE, FusionRules.DEFAULT_CONFIDENCE_THRESHOLD);
        assertThat(visitor.getSex().getValue()).isEqualTo(expected.getValue()).isEqualTo("female");
        assertThat(visitor.getSex().getConfidence()).isEqualTo(expected.getConfidence());
        assertThat(visitor.getAgeGroup().getValue()).isEqualTo("30-39");
        assertThat(visitor.getMasked().getValue()).isEqualTo(Fused.UNMASKED);
        assertThat(visitor.getExpression().getValue()).isEqualTo("neutral");
        // Attention still comes from every impression's yaw (the job measures it on every face).
        assertThat(visitor.getAttentionMillis()).isEqualTo(1100);
    }

    private void impressions(TrackProcessor processor, String camera, String trackId, long... at) {
        Impressions face = Impressions.at(SITE, camera);
        for (long millis : at) {
            processor.process(
                    new Record<>(
                            camera,
                            new CameraInput.Observation(face.of(trackId, T0.plusMillis(millis))),
                            millis(millis)));
        }
    }

    private void frame(TrackProcessor processor, String camera, long at) {
        processor.process(
                new Record<>(
                        camera,
                        new CameraInput.Frame(Frames.of(SITE, camera, T0.plusMillis(at), 0)),
                        millis(at)));
    }

    private List<Record<String, TrackerOutput>> forwarded() {
        return context.forwarded().stream()
                .map(captured -> captured.record())
                .map(r -> new Record<String, TrackerOutput>(r.key(), r.value(), r.timestamp()))
                .toList();
    }

    private List<TrackSummary> visitors() {
        return forwarded().stream()
                .map(Record::value)
                .filter(TrackerOutput.Visitor.class::isInstance)
                .map(out -> ((TrackerOutput.Visitor) out).summary())
                .toList();
    }

    private static WindowTally tally(Record<String, TrackerOutput> record) {
        return ((TrackerOutput.Tally) record.value()).tally();
    }

    private double closed(String outcome) {
        Counter counter =
                registry.find(AggregationMetrics.TRACKS_CLOSED).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static long millis(long sinceT0) {
        return T0.toEpochMilli() + sinceT0;
    }
}
