package io.headcount.vision.attributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.headcount.vision.quality.FaceQualityMeasure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which impressions get the attribute heads: the budget rule alone, on made-up tracks. */
class DescribeBudgetTest {

    private static final long FORGET_MILLIS = 3000;
    private static final FaceQualityMeasure GOOD = new FaceQualityMeasure(100, 150, 0);
    private static final DescribeBudgetSettings TWO_AND_FIVE =
            new DescribeBudgetSettings(2, 5, 0.95);

    private final DescribeBudget budget = new DescribeBudget(TWO_AND_FIVE, FORGET_MILLIS);
    private final DescribeBudgetState state = new DescribeBudgetState();

    @Test
    void ranksFacesAsTheFusionWeighsThem() {
        assertThat(DescribeBudget.rank(GOOD)).isEqualTo(1f);
        assertThat(DescribeBudget.rank(new FaceQualityMeasure(40, 150, 0))).isEqualTo(0.5f);
        assertThat(DescribeBudget.rank(new FaceQualityMeasure(80, 25, 0))).isEqualTo(0.25f);
        assertThat(DescribeBudget.rank(new FaceQualityMeasure(80, 100, 60)))
                .isCloseTo(0.5f, within(1e-6f));
        assertThat(DescribeBudget.rank(new FaceQualityMeasure(80, 100, 90)))
                .isCloseTo(0f, within(1e-6f));
        assertThat(DescribeBudget.rank(new FaceQualityMeasure(80, Float.NaN, 0))).isZero();
    }

    @Test
    void offDescribesEveryAcceptedFaceTrackedOrNot() {
        DescribeBudget off = new DescribeBudget(DescribeBudgetSettings.off(), FORGET_MILLIS);
        for (long t = 0; t < 1000; t += 100) {
            boolean[] picked =
                    off.pick(
                            state,
                            t,
                            new String[] {"a", null, "b"},
                            new FaceQualityMeasure[] {GOOD, GOOD, GOOD},
                            new boolean[] {true, true, false});
            assertThat(picked).containsExactly(true, true, false);
        }
        assertThat(state.isEmpty()).isTrue();
    }

    @Test
    void alwaysDescribesTheFirstGoodFaceOfANewTrackHoweverPoorItsRank() {
        FaceQualityMeasure poor = new FaceQualityMeasure(30, 10, 40);
        // Not good enough for the heads: not described, and the track's first chance stays open.
        assertThat(pick(0, "a", poor, false)).isFalse();
        assertThat(pick(100, "a", poor, true)).isTrue();
        // A second track starting in the same frame as the first's next face gets its own first.
        assertThat(pickTwo(200, "a", "b")).containsExactly(false, true);
    }

    @Test
    void neverDescribesAFaceWithoutATrack() {
        for (long t = 0; t < 2000; t += 100) {
            assertThat(pick(t, null, GOOD, true)).isFalse();
        }
        assertThat(state.isEmpty()).isTrue();
    }

    @Test
    void describesADeterminedTrackAtTheBudgetsRate() {
        // 10 frames per second for 3 s; a confident sex from the first description on.
        List<Long> times = describedTimes("a", 3000, 0.999f);
        assertThat(times).containsExactly(0L, 500L, 1000L, 1500L, 2000L, 2500L);
        assertThat(budget.determined(state.tracks[0])).isTrue();
    }

    @Test
    void describesAnUndeterminedTrackMoreOften() {
        // p(female) = 0.5 never determines the sex: 5 per second.
        List<Long> times = describedTimes("a", 3000, 0.5f);
        assertThat(times).hasSize(15).startsWith(0L, 200L, 400L);
        assertThat(budget.determined(state.tracks[0])).isFalse();
        // Without a sex head (no p(female) at all) a track stays undetermined too.
        DescribeBudgetState other = new DescribeBudgetState();
        int described = 0;
        for (long t = 0; t < 3000; t += 100) {
            if (budget.pick(
                            other,
                            t,
                            new String[] {"b"},
                            new FaceQualityMeasure[] {GOOD},
                            new boolean[] {true})[0]) {
                budget.described(other, "b", GOOD, null);
                described++;
            }
        }
        assertThat(described).isEqualTo(15);
    }

    @Test
    void waitsForAFaceNearTheBestSinceTheLastDescriptionButNotForMoreThanTwoIntervals() {
        budget.described(state, "a", GOOD, null); // nothing known: no effect, no track yet
        assertThat(pick(0, "a", GOOD, true)).isTrue();
        budget.described(state, "a", GOOD, 0.999f); // determined: one per 500 ms
        assertThat(budget.determined(state.tracks[0])).isTrue();
        FaceQualityMeasure turned = new FaceQualityMeasure(100, 150, 60); // rank 0.5
        FaceQualityMeasure slightlyTurned = new FaceQualityMeasure(100, 150, 20); // rank 0.94
        assertThat(pick(100, "a", GOOD, true)).as("within the interval").isFalse();
        assertThat(pick(500, "a", turned, true)).as("half as good as the best seen").isFalse();
        assertThat(pick(600, "a", turned, true)).isFalse();
        assertThat(pick(700, "a", slightlyTurned, true)).as("near the best").isTrue();
        // Quality only falls from here: after two intervals the next good face is taken.
        assertThat(pick(800, "a", GOOD, true)).isFalse();
        assertThat(pick(1200, "a", turned, true)).isFalse();
        assertThat(pick(1600, "a", turned, true)).isFalse();
        assertThat(pick(1700, "a", turned, true)).as("two intervals since 700").isTrue();
    }

    @Test
    void forgetsTracksUnseenForLongerThanTheForgetTime() {
        assertThat(pick(0, "a", GOOD, true)).isTrue();
        assertThat(pick(100, "b", GOOD, true)).isTrue();
        assertThat(pick(FORGET_MILLIS, "b", GOOD, true)).isTrue();
        assertThat(state.tracks).extracting(track -> track.trackId).containsExactly("a", "b");
        budget.forget(state, FORGET_MILLIS + 1);
        assertThat(state.tracks).extracting(track -> track.trackId).containsExactly("b");
        budget.forget(state, 2 * FORGET_MILLIS + 1);
        assertThat(state.isEmpty()).isTrue();
        // A track id seen again after it was forgotten starts over: its first good face is due.
        assertThat(pick(2 * FORGET_MILLIS + 100, "b", GOOD, true)).isTrue();
    }

    @Test
    void refusesRatesThatMakeNoSense() {
        assertThatThrownBy(() -> new DescribeBudgetSettings(-1, 5, 0.9))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DescribeBudgetSettings(5, 2, 0.9))
                .hasMessageContaining("at least");
        assertThatThrownBy(() -> new DescribeBudgetSettings(2, 5, 0.5))
                .hasMessageContaining("confidence");
        assertThatThrownBy(() -> new DescribeBudget(TWO_AND_FIVE, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                budget.pick(
                                        state,
                                        0,
                                        new String[] {"a"},
                                        new FaceQualityMeasure[0],
                                        new boolean[] {true}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private boolean pick(long time, String trackId, FaceQualityMeasure measure, boolean accepted) {
        return budget.pick(
                        state,
                        time,
                        new String[] {trackId},
                        new FaceQualityMeasure[] {measure},
                        new boolean[] {accepted})[0];
    }

    private boolean[] pickTwo(long time, String first, String second) {
        return budget.pick(
                state,
                time,
                new String[] {first, second},
                new FaceQualityMeasure[] {GOOD, GOOD},
                new boolean[] {true, true});
    }

    /** Capture times of the described faces of one good track at 10 frames per second. */
    private List<Long> describedTimes(String trackId, long duration, float female) {
        List<Long> times = new ArrayList<>();
        for (long t = 0; t < duration; t += 100) {
            if (pick(t, trackId, GOOD, true)) {
                budget.described(state, trackId, GOOD, female);
                times.add(t);
            }
        }
        return times;
    }
}
