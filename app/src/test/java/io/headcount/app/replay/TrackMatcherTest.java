package io.headcount.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headcount.schemas.AttributeProbabilities;
import io.headcount.schemas.Box;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FaceQuality;
import io.headcount.schemas.FusedAttribute;
import io.headcount.schemas.TrackSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackMatcherTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void temporalIouCountsInclusiveEnds() {
        assertThat(TrackMatcher.timeIou(track("a", 0, 999), track("b", 0, 999))).isEqualTo(1.0);
        assertThat(TrackMatcher.timeIou(track("a", 0, 999), track("b", 500, 1499)))
                .isCloseTo(500.0 / 1500.0, within(1e-9));
        assertThat(TrackMatcher.timeIou(track("a", 0, 999), track("b", 1000, 1999))).isZero();
    }

    @Test
    void boxIouOfHalfOverlappingBoxes() {
        assertThat(TrackMatcher.boxIou(new Box(0f, 0f, 10f, 10f), new Box(5f, 0f, 10f, 10f)))
                .isCloseTo(50.0 / 150.0, within(1e-9));
    }

    /**
     * Two people in view at the same time: time alone cannot tell them apart, their boxes can; a
     * visitor only one side saw stays unmatched.
     */
    @Test
    void simultaneousVisitorsArePairedByTheirBoxes() {
        TrackSummary left = track("p-left", 0, 4000);
        TrackSummary right = track("p-right", 0, 4000);
        TrackSummary late = track("p-late", 20_000, 24_000);
        TrackSummary candidateRight = track("c-right", 0, 4500);
        TrackSummary candidateLeft = track("c-left#1", 500, 4000);
        List<FaceObservation> productionFaces = new ArrayList<>();
        productionFaces.addAll(faces("p-left", 0, 4000, 10));
        productionFaces.addAll(faces("p-right", 0, 4000, 300));
        productionFaces.addAll(faces("p-late", 20_000, 24_000, 10));
        List<FaceObservation> candidateFaces = new ArrayList<>();
        // Split suffix #1: its observations carry the tracker id without it.
        candidateFaces.addAll(faces("c-left", 500, 4000, 12));
        candidateFaces.addAll(faces("c-right", 0, 4500, 305));

        TrackMatcher.Result result =
                TrackMatcher.match(
                        new RangeSnapshot(List.of(), List.of(left, right, late), productionFaces),
                        new RangeSnapshot(
                                List.of(), List.of(candidateRight, candidateLeft), candidateFaces));

        assertThat(result.pairs())
                .extracting(
                        pair ->
                                pair.production().getTrackId()
                                        + "="
                                        + pair.candidate().getTrackId())
                .containsExactlyInAnyOrder("p-left=c-left#1", "p-right=c-right");
        assertThat(result.productionOnly()).containsExactly(late);
        assertThat(result.candidateOnly()).isEmpty();
    }

    @Test
    void visitorsOfOtherCamerasNeverPair() {
        TrackSummary production = track("a", 0, 4000);
        TrackSummary candidate =
                TrackSummary.newBuilder(track("b", 0, 4000)).setCamera("cam-2").build();

        TrackMatcher.Result result =
                TrackMatcher.match(
                        new RangeSnapshot(List.of(), List.of(production), List.of()),
                        new RangeSnapshot(List.of(), List.of(candidate), List.of()));

        assertThat(result.pairs()).isEmpty();
        assertThat(result.productionOnly()).containsExactly(production);
        assertThat(result.candidateOnly()).containsExactly(candidate);
    }

    private static TrackSummary track(String id, long first, long last) {
        FusedAttribute sex = new FusedAttribute("female", 0.95f);
        return TrackSummary.newBuilder()
                .setSite("s")
                .setCamera("cam-1")
                .setTrackId(id)
                .setFirstSeen(T0.plusMillis(first))
                .setLastSeen(T0.plusMillis(last))
                .setImpressions(5)
                .setImpressionsUsed(5)
                .setDwellMillis(last - first)
                .setAttentionMillis(0)
                .setSex(sex)
                .setModelSet("m")
                .setModelVersions(Map.of())
                .build();
    }

    private static List<FaceObservation> faces(String trackId, long first, long last, float x) {
        List<FaceObservation> faces = new ArrayList<>();
        for (long t = first; t <= last; t += 500) {
            faces.add(
                    FaceObservation.newBuilder()
                            .setSite("s")
                            .setCamera("cam-1")
                            .setFrameTime(T0.plusMillis(t))
                            .setFrameSequence(t / 500)
                            .setFacesInFrame(2)
                            .setTrackId(trackId)
                            .setBox(new Box(x, 50f, 100f, 100f))
                            .setDetectionScore(0.9f)
                            .setQuality(new FaceQuality(100f, null, null))
                            .setAttributes(new AttributeProbabilities(0.9f, null, null, null))
                            .setModelSet("m")
                            .setModelVersions(Map.of())
                            .build());
        }
        return faces;
    }
}
