package io.headcount.scoring.matching;

import static io.headcount.scoring.Fixtures.CAMERA;
import static io.headcount.scoring.Fixtures.frame;
import static io.headcount.scoring.Fixtures.observation;
import static io.headcount.scoring.Fixtures.observations;
import static io.headcount.scoring.Fixtures.person;
import static io.headcount.scoring.Fixtures.track;
import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.schemas.FaceObservation;
import io.headcount.scoring.produced.ProducedRecords;
import io.headcount.scoring.truth.GroundTruth;
import io.headcount.scoring.truth.Rect;
import io.headcount.scoring.truth.TruthPerson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackMatcherTest {

    private static final Rect A_BOX = new Rect(100, 100, 50, 50);
    private static final Rect B_BOX = new Rect(300, 100, 50, 50);

    private final TrackMatcher matcher = new TrackMatcher(MatchingOptions.DEFAULTS);

    @Test
    void countsIdSwitchesAlongEachTrack() {
        // A and B stand side by side for frames 0..9. T follows A for 0..5, then B for 6..9;
        // U goes A (0..2), B (3..5), A (6..9).
        GroundTruth truth =
                new GroundTruth(
                        CAMERA,
                        List.of(
                                person("A", 0, 9, "female", null, false, A_BOX),
                                person("B", 0, 9, "male", null, false, B_BOX)),
                        List.of());
        List<FaceObservation> observations = new ArrayList<>();
        observations.addAll(observations("T", 0, 5, A_BOX));
        observations.addAll(observations("T", 6, 9, B_BOX));
        observations.addAll(observations("U", 0, 2, A_BOX));
        observations.addAll(observations("U", 3, 5, B_BOX));
        observations.addAll(observations("U", 6, 9, A_BOX));
        ProducedRecords produced =
                new ProducedRecords(
                        observations,
                        List.of(
                                track("T", 0, 9, null, null, null),
                                track("U", 0, 9, null, null, null)),
                        List.of());

        Matching matching = matcher.match(truth, produced);

        // T: A's IoU sum 6 (mean 0.6) beats B's 4 (mean 0.4); U: A 7 against B 3.
        TrackMatch t = matching.tracks().get(0);
        assertThat(t.person()).isEqualTo("A");
        assertThat(t.meanIou()).isEqualTo(0.6);
        assertThat(t.idSwitches()).isEqualTo(1);
        TrackMatch u = matching.tracks().get(1);
        assertThat(u.person()).isEqualTo("A");
        assertThat(u.meanIou()).isEqualTo(0.7);
        assertThat(u.idSwitches()).isEqualTo(2);
        assertThat(u.observationPersons())
                .containsExactly("A", "A", "A", "B", "B", "B", "A", "A", "A", "A");
        // Both tracks on A: one extra; B has no track of its own.
        assertThat(matching.fragmentation()).isEqualTo(1);
        assertThat(matching.missed()).extracting(TruthPerson::id).containsExactly("B");
    }

    @Test
    void aTrackOnNobodysBoxIsFalseEvenWhileSomeoneIsInView() {
        GroundTruth truth =
                new GroundTruth(
                        CAMERA,
                        List.of(person("A", 0, 9, "female", null, false, A_BOX)),
                        List.of());
        // 25 px down of A's 50 px box: IoU 25×50 / (5000 − 1250) = 1/3 passes 0.3;
        // 30 px down: 20×50 / (5000 − 1000) = 1/4 does not, and time overlap cannot rescue it.
        ProducedRecords close =
                new ProducedRecords(
                        observations("T", 0, 9, new Rect(100, 125, 50, 50)),
                        List.of(track("T", 0, 9, null, null, null)),
                        List.of());
        ProducedRecords off =
                new ProducedRecords(
                        observations("T", 0, 9, new Rect(100, 130, 50, 50)),
                        List.of(track("T", 0, 9, null, null, null)),
                        List.of());

        assertThat(matcher.match(truth, close).tracks().get(0).person()).isEqualTo("A");
        TrackMatch offMatch = matcher.match(truth, off).tracks().get(0);
        assertThat(offMatch.person()).isNull();
        assertThat(offMatch.evidence()).isEqualTo(Evidence.NONE);
    }

    @Test
    void withoutBoxesTheLongestTimeOverlapWins() {
        // X in view 0..10 s, Y 8..20 s; a track 9..19 s overlaps X 1 s and Y 10 s.
        GroundTruth truth =
                new GroundTruth(
                        CAMERA,
                        List.of(
                                TruthPerson.of("X", frame(0), frame(100), "male", null, false),
                                TruthPerson.of("Y", frame(80), frame(200), "female", null, true)),
                        List.of());
        ProducedRecords produced =
                new ProducedRecords(
                        List.of(),
                        List.of(
                                track("T", 90, 190, null, null, null),
                                track("late", 300, 310, null, null, null)),
                        List.of());

        Matching matching = matcher.match(truth, produced);

        assertThat(matching.tracks().get(0).person()).isEqualTo("Y");
        assertThat(matching.tracks().get(0).evidence()).isEqualTo(Evidence.TIME);
        assertThat(matching.tracks().get(0).overlapMillis()).isEqualTo(10_000);
        assertThat(matching.tracks().get(1).person()).isNull();
        assertThat(matching.missed()).extracting(TruthPerson::id).containsExactly("X");
    }

    @Test
    void anObservationWithinTheToleranceIsTheAnnotatedFrame() {
        GroundTruth truth =
                new GroundTruth(
                        CAMERA,
                        List.of(person("A", 0, 0, "female", null, false, A_BOX)),
                        List.of());
        ProducedRecords early =
                new ProducedRecords(
                        List.of(observation("T", frame(0).minusMillis(15), A_BOX, null)),
                        List.of(track("T", 0, 0, null, null, null)),
                        List.of());

        assertThat(matcher.match(truth, early).tracks().get(0).evidence())
                .isEqualTo(Evidence.BOXES);
        TrackMatcher strict = new TrackMatcher(new MatchingOptions(0.3, Duration.ofMillis(10)));
        // 15 ms away is no longer the same frame: no co-timed box, so time decides.
        assertThat(strict.match(truth, early).tracks().get(0).evidence()).isEqualTo(Evidence.TIME);
    }

    @Test
    void aTrackThatOnlyTouchesAVisitIsNotThatVisitor() {
        // A (boxes at 0..10) leaves at frame 10. T (frames 10..20) touches A's visit at its end
        // only, U (frames 5..12) lies mostly within it; neither has a box co-timed with A's.
        GroundTruth truth =
                new GroundTruth(
                        CAMERA,
                        List.of(person("A", 0, 10, "female", null, false, A_BOX)),
                        List.of());
        Rect elsewhere = new Rect(600, 400, 50, 50);
        List<FaceObservation> observations = new ArrayList<>();
        observations.addAll(observations("T", 11, 20, elsewhere));
        observations.addAll(observations("U", 11, 12, elsewhere));
        ProducedRecords produced =
                new ProducedRecords(
                        observations,
                        List.of(
                                track("T", 10, 20, null, null, null),
                                track("U", 5, 12, null, null, null)),
                        List.of());

        Matching matching = matcher.match(truth, produced);

        // Tracks come in order of first sight: U, then T.
        TrackMatch t = matching.tracks().get(1);
        assertThat(t.person()).as("a false visitor, not a second track of A").isNull();
        assertThat(t.evidence()).isEqualTo(Evidence.NONE);
        TrackMatch u = matching.tracks().get(0);
        assertThat(u.person()).as("500 of its 700 ms within A's visit").isEqualTo("A");
        assertThat(u.evidence()).isEqualTo(Evidence.TIME);
    }
}
