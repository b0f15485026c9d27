package io.headcount.scoring.score;

import static io.headcount.scoring.Fixtures.T0;
import static io.headcount.scoring.Fixtures.cell;
import static io.headcount.scoring.Fixtures.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headcount.scoring.Fixtures;
import io.headcount.scoring.truth.TruthPerson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowScorerTest {

    private final WindowScorer scorer = new WindowScorer(Duration.ofMinutes(1));

    private static TruthPerson leaving(String id, long leaveSecond, String sex, boolean masked) {
        return TruthPerson.of(
                id,
                T0.plusSeconds(leaveSecond - 5),
                T0.plusSeconds(leaveSecond),
                sex,
                null,
                masked);
    }

    @Test
    void aPersonIsInTheWindowOfItsLeaveTimeEndExclusive() {
        // Window [0, 60 s): leaving at 59 s is in, at exactly 60 s is out. The next window was not
        // emitted: it is made up, aligned, 60 s long, with nothing counted.
        var emitted =
                window(
                        T0,
                        T0.plusSeconds(60),
                        2,
                        Map.of("female", cell(1), "male", cell(1)),
                        Map.of("masked", cell(2)));
        List<WindowScore> windows =
                scorer.score(
                        List.of(
                                leaving("a", 59, "female", true),
                                leaving("b", 60, "female", false),
                                leaving("c", 61, "male", false)),
                        List.of(),
                        List.of(emitted));

        assertThat(windows).hasSize(2);
        WindowScore first = windows.get(0);
        assertThat(first.visitorsTrue()).isEqualTo(1);
        assertThat(first.femaleShareTrue()).isEqualTo(1.0);
        assertThat(first.femaleShareCounted()).isEqualTo(0.5);
        assertThat(first.femaleShareAbsError()).isEqualTo(0.5);
        // Only a masked cell published: 2 / (2 + 0).
        assertThat(first.maskedShareCounted()).isEqualTo(1.0);
        assertThat(first.maskedShareAbsError()).isEqualTo(0.0);
        WindowScore second = windows.get(1);
        assertThat(second.emitted()).isFalse();
        assertThat(second.windowStart()).isEqualTo(T0.plusSeconds(60));
        assertThat(second.windowEnd()).isEqualTo(T0.plusSeconds(120));
        assertThat(second.visitorsTrue()).isEqualTo(2);
        assertThat(second.visitorsCounted()).isZero();
        assertThat(second.femaleShareTrue()).isEqualTo(0.5);
        assertThat(second.maskedShareTrue()).isEqualTo(0.0);
        assertThat(WindowScorer.summarise(windows).windowsEmitted()).isEqualTo(1);
    }

    @Test
    void theLargestShareErrorsLookOnlyAtWindowsOfTwentyTrueVisitorsOrMore() {
        WindowSummary summary =
                WindowScorer.summarise(
                        List.of(
                                scored(25, 0.04, null),
                                scored(30, 0.08, null),
                                scored(19, 0.30, 0.25),
                                scored(20, null, 0.02)));

        assertThat(summary.largeWindowMinVisitors()).isEqualTo(20);
        assertThat(summary.femaleShareMaxAbsError()).isEqualTo(0.08);
        assertThat(summary.maskedShareMaxAbsError()).isEqualTo(0.02);
        // The means still take every window that has a share.
        assertThat(summary.femaleShareWindows()).isEqualTo(3);
        assertThat(summary.femaleShareMeanAbsError()).isCloseTo(0.14, within(1e-9));
        // No large window with a share: undefined, not 0.
        assertThat(WindowScorer.summarise(List.of(scored(12, 0.5, 0.5))).femaleShareMaxAbsError())
                .isNull();
    }

    private static WindowScore scored(long visitors, Double femaleError, Double maskedError) {
        return new WindowScore(
                T0,
                T0.plusSeconds(60),
                true,
                visitors,
                visitors,
                0,
                visitors,
                null,
                null,
                femaleError,
                femaleError == null,
                null,
                null,
                maskedError,
                maskedError == null);
    }

    @Test
    void withoutAnyWindowTheFallbackLengthGroupsTheTruth() {
        List<WindowScore> windows =
                new WindowScorer(Duration.ofSeconds(10))
                        .score(
                                List.of(
                                        leaving("a", 5, "male", false),
                                        leaving("b", 9, "male", false),
                                        leaving("c", 10, "male", false)),
                                List.of(),
                                List.of());

        assertThat(windows)
                .extracting(WindowScore::windowStart, WindowScore::visitorsTrue)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(T0, 2L),
                        org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(10), 1L));
    }

    @Test
    void tracksAreCountedByTheirLastSeenBesideTheWindowsOwnCount() {
        // The window says 1 visitor, but two tracks closed with their last impression in it; a
        // third ended after it, in a window that was never emitted.
        var emitted = window(T0, T0.plusSeconds(60), 1, Map.of(), Map.of());
        List<WindowScore> windows =
                scorer.score(
                        List.of(),
                        List.of(
                                Fixtures.track("a", 0, 300, null, null, null),
                                Fixtures.track("b", 0, 599, null, null, null),
                                Fixtures.track("c", 600, 750, null, null, null)),
                        List.of(emitted));

        assertThat(windows)
                .extracting(
                        WindowScore::emitted,
                        WindowScore::visitorsCounted,
                        WindowScore::visitorsTracked,
                        WindowScore::visitorsTrue)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(true, 1L, 2L, 0L),
                        org.assertj.core.groups.Tuple.tuple(false, 0L, 1L, 0L));
    }
}
