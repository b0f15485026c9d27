package io.headcount.scoring.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headcount.scoring.Fixtures;
import io.headcount.scoring.Hallway;
import io.headcount.scoring.truth.GroundTruth;
import io.headcount.scoring.truth.TruthPerson;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The numbers of the {@link Hallway} run, worked out by hand from its table. */
class ScorerTest {

    private static ScoreReport report;

    @BeforeAll
    static void score() {
        report = new Scorer(ScoringOptions.DEFAULTS).score(Hallway.truth(), Hallway.produced());
    }

    @Test
    void countsEveryKindOfFaultOnce() {
        assertThat(report.camera()).isEqualTo(Fixtures.CAMERA);
        assertThat(report.visitorsTrue()).isEqualTo(4);
        // T1..T5; X1 belongs to another camera.
        assertThat(report.visitorsCounted()).isEqualTo(5);
        assertThat(report.visitorsCountedInWindows()).isEqualTo(5);
        // (5 - 4) / 4
        assertThat(report.countError()).isEqualTo(0.25);
        // P1 is T1 and T2.
        assertThat(report.fragmentation()).isEqualTo(1);
        assertThat(report.fragmentationRate()).isEqualTo(0.25);
        // Everyone in the hallway was judgeable: the judgeable count is the count.
        assertThat(report.visitorsJudgeable()).isEqualTo(4);
        assertThat(report.visitorsCountedJudgeable()).isEqualTo(5);
        assertThat(report.countErrorJudgeable()).isEqualTo(0.25);
        assertThat(report.fragmentedVisitors()).isEqualTo(1);
        assertThat(report.falseVisitors()).isEqualTo(1);
        assertThat(report.missedVisitors()).isEqualTo(1);
        assertThat(report.missedPersons()).containsExactly("P4");
        assertThat(report.idSwitches()).isZero();
        // true − missed + fragmentation + false = counted
        assertThat(4 - 1 + 1 + 1).isEqualTo(report.visitorsCounted());
    }

    @Test
    void matchesEachTrackToItsPerson() {
        assertThat(report.tracks())
                .extracting(TrackLine::trackId, TrackLine::person, TrackLine::evidence)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("T1", "P1", "BOXES"),
                        org.assertj.core.groups.Tuple.tuple("T2", "P1", "BOXES"),
                        org.assertj.core.groups.Tuple.tuple("T3", "P2", "BOXES"),
                        org.assertj.core.groups.Tuple.tuple("T4", null, "NONE"),
                        org.assertj.core.groups.Tuple.tuple("T5", "P3", "BOXES"));
        // T5 is 5 px to the right of a 50 px box: 45×50 / (2×2500 − 2250).
        assertThat(report.tracks().get(4).meanIou()).isCloseTo(2250.0 / 2750, within(1e-6));
        assertThat(report.matching().tracksMatchedByBoxes()).isEqualTo(4);
        assertThat(report.matching().truthHasBoxes()).isTrue();
    }

    @Test
    void sexPerVisitorAmongDeterminedSplitByMask() {
        // Unmasked: T1 female on P1 (right), T2 undetermined. Masked: T3 female on P2 (wrong),
        // T5 female on P3 (right).
        assertThat(report.sexAccuracyUnmasked()).isEqualTo(1.0);
        assertThat(report.sexAccuracyMasked()).isEqualTo(0.5);
        assertThat(report.determinedShare()).isEqualTo(0.75);
        AttributeScore sex = report.attributes().get("sex");
        assertThat(sex.visitors()).isEqualTo(4);
        assertThat(sex.determined()).isEqualTo(3);
        assertThat(sex.correct()).isEqualTo(2);
        assertThat(sex.undeterminedShareUnmasked()).isEqualTo(0.5);
        assertThat(sex.undeterminedShareMasked()).isEqualTo(0.0);
    }

    @Test
    void sexPerVisitorSplitByTrueAgeUnderAndFrom13() {
        // Nobody is under 13 in the hallway: every scored visitor is 13 and over.
        assertThat(report.attributes().get("sex_under_13").visitors()).isZero();
        assertThat(report.attributes().get("sex_13_and_over"))
                .isEqualTo(report.attributes().get("sex"));
        assertThat(report.determinedShare13AndOver()).isEqualTo(0.75);

        // P2 (masked, T3 calls him female) as a child: his wrong answer moves to the children.
        GroundTruth hallway = Hallway.truth();
        GroundTruth truth =
                new GroundTruth(
                        hallway.camera(),
                        hallway.persons().stream()
                                .map(
                                        person ->
                                                person.id().equals("P2")
                                                        ? new TruthPerson(
                                                                person.id(),
                                                                person.enter(),
                                                                person.leave(),
                                                                person.sex(),
                                                                "0-12",
                                                                person.masked(),
                                                                person.maskType(),
                                                                person.boxes(),
                                                                true)
                                                        : person)
                                .toList(),
                        List.of());
        ScoreReport withChild =
                new Scorer(ScoringOptions.DEFAULTS).score(truth, Hallway.produced());
        AttributeScore children = withChild.attributes().get("sex_under_13");
        assertThat(children.visitors()).isEqualTo(1);
        assertThat(children.determined()).isEqualTo(1);
        assertThat(children.correct()).isZero();
        AttributeScore older = withChild.attributes().get("sex_13_and_over");
        assertThat(older.visitors()).isEqualTo(3);
        assertThat(older.accuracy()).isEqualTo(1.0);
        // T1 and T5 determined, T2 not: 2 of 3.
        assertThat(withChild.determinedShare13AndOver()).isCloseTo(2.0 / 3, within(1e-9));
        // The window's true female share is one among its persons 13 and over: P1 and P3, both
        // female (P2, the child, is male); the product's 3 of 4 does not change.
        WindowScore first = withChild.windows().get(0);
        assertThat(first.femaleShareTrue()).isEqualTo(1.0);
        assertThat(first.femaleShareAbsError()).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void ageGroupAndMaskPerVisitor() {
        // Age: T1 20-29 right, T2 30-39 wrong (P1 is 20-29), T3 undetermined, T5 40-49 right.
        AttributeScore age = report.attributes().get("age_group");
        assertThat(age.determined()).isEqualTo(3);
        assertThat(age.accuracy()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(age.undeterminedShareMasked()).isEqualTo(0.5);
        assertThat(age.undeterminedShareUnmasked()).isEqualTo(0.0);
        // Each track's line says what it was fused to and what its person was.
        TrackLine t2 =
                report.tracks().stream()
                        .filter(line -> line.trackId().equals("T2"))
                        .findFirst()
                        .orElseThrow();
        assertThat(t2.ageGroup()).isEqualTo("30-39");
        assertThat(t2.ageGroupTrue()).isEqualTo("20-29");
        // Mask: T1, T2 unmasked (right), T3 masked (right), T5 undetermined.
        AttributeScore mask = report.attributes().get("mask");
        assertThat(mask.accuracy()).isEqualTo(1.0);
        assertThat(mask.undeterminedShareMasked()).isEqualTo(0.5);
        assertThat(mask.visitorsMasked()).isEqualTo(2);
        assertThat(mask.visitorsUnmasked()).isEqualTo(2);
    }

    @Test
    void maskPerVisitorByMaskType() {
        // No mask types in the truth: no split.
        assertThat(report.maskByType()).isEmpty();
        // P2 wears an N95 (T3 calls it masked), P3 a surgical mask (T5 leaves it undetermined).
        ScoreReport typed =
                new Scorer(ScoringOptions.DEFAULTS)
                        .score(Hallway.truthWithMaskTypes(), Hallway.produced());
        assertThat(typed.maskByType()).containsOnlyKeys("n95", "surgical");
        AttributeScore n95 = typed.maskByType().get("n95");
        assertThat(n95.visitors()).isEqualTo(1);
        assertThat(n95.correct()).isEqualTo(1);
        AttributeScore surgical = typed.maskByType().get("surgical");
        assertThat(surgical.visitors()).isEqualTo(1);
        assertThat(surgical.determined()).isZero();
        TrackLine t3 =
                typed.tracks().stream()
                        .filter(line -> line.trackId().equals("T3"))
                        .findFirst()
                        .orElseThrow();
        assertThat(t3.mask()).isEqualTo("masked");
        assertThat(t3.personMasked()).isTrue();
        assertThat(t3.maskType()).isEqualTo("n95");
    }

    @Test
    void sexPerImpressionOnTheSameTracks() {
        // T1 4/5, T2 2/4 (one not judged), T3 0/10, T5 10/10; the false T4 is not scored.
        ImpressionScore impressions = report.impressions();
        assertThat(impressions.impressions()).isEqualTo(29);
        assertThat(impressions.correct()).isEqualTo(16);
        assertThat(report.impressionSexAccuracy()).isCloseTo(16.0 / 29, within(1e-9));
        assertThat(impressions.accuracyUnmasked()).isCloseTo(6.0 / 9, within(1e-9));
        assertThat(impressions.accuracyMasked()).isEqualTo(0.5);
    }

    @Test
    void dwellPerTrackAndPerPerson() {
        // T1 and T2 last 400 ms of P1's 900; T3 and T5 are exact.
        DwellScore dwell = report.dwell();
        assertThat(dwell.tracks()).isEqualTo(4);
        assertThat(dwell.trackMeanErrorMillis()).isEqualTo(-250.0);
        assertThat(dwell.trackMeanAbsoluteErrorMillis()).isEqualTo(250.0);
        // T1 + T2 span P1's 0..900 ms: merged, no error.
        assertThat(dwell.persons()).isEqualTo(3);
        assertThat(dwell.personMeanAbsoluteErrorMillis()).isEqualTo(0.0);
    }

    @Test
    void windowsCompareCountsAndSharesOfTheSamePersons() {
        assertThat(report.windows()).hasSize(2);
        WindowScore first = report.windows().get(0);
        // P1, P2 (leave 0.9 s) and P3 (2.9 s) against 5 counted.
        assertThat(first.windowStart()).isEqualTo(Fixtures.T0);
        assertThat(first.visitorsTrue()).isEqualTo(3);
        assertThat(first.visitorsCounted()).isEqualTo(5);
        assertThat(first.visitorsError()).isEqualTo(2);
        // All five tracks close before 3 s: the window lost none of them.
        assertThat(first.visitorsTracked()).isEqualTo(5);
        // True 2 of 3 female; counted 3 / (3 + 1), undetermined left out.
        assertThat(first.femaleShareTrue()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(first.femaleShareCounted()).isEqualTo(0.75);
        assertThat(first.femaleShareAbsError()).isCloseTo(0.75 - 2.0 / 3, within(1e-9));
        // The masked cell is suppressed: no published share to compare.
        assertThat(first.maskedShareTrue()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(first.maskedShareCounted()).isNull();
        assertThat(first.maskSuppressed()).isTrue();
        assertThat(first.maskedShareAbsError()).isNull();

        WindowScore second = report.windows().get(1);
        // P4 leaves at 4.9 s; the product counted nobody.
        assertThat(second.visitorsTrue()).isEqualTo(1);
        assertThat(second.visitorsCounted()).isZero();
        assertThat(second.visitorsError()).isEqualTo(-1);
        assertThat(second.femaleShareTrue()).isEqualTo(0.0);
        assertThat(second.femaleShareCounted()).isNull();

        WindowSummary summary = report.windowSummary();
        assertThat(summary.windows()).isEqualTo(2);
        assertThat(summary.visitorsMeanAbsError()).isEqualTo(1.5);
        assertThat(summary.femaleShareWindows()).isEqualTo(1);
        assertThat(summary.femaleShareMeanAbsError()).isCloseTo(0.75 - 2.0 / 3, within(1e-9));
        assertThat(summary.maskedShareMeanAbsError()).isNull();
        assertThat(summary.windowsMaskSuppressed()).isEqualTo(1);
    }

    @Test
    void neverJudgeablePersonsCountAsVisitorsButNotAgainstAccuracy() {
        // P2 (the masked man T3 calls female) and P4 (missed) were never shown well enough.
        GroundTruth hallway = Hallway.truth();
        GroundTruth truth =
                new GroundTruth(
                        hallway.camera(),
                        hallway.persons().stream()
                                .map(
                                        person ->
                                                person.withJudgeable(
                                                        !Set.of("P2", "P4").contains(person.id())))
                                .toList(),
                        List.of());
        ScoreReport poor = new Scorer(ScoringOptions.DEFAULTS).score(truth, Hallway.produced());
        // Counting is unchanged: P2 is a visitor, P4 a missed one.
        assertThat(poor.visitorsTrue()).isEqualTo(4);
        assertThat(poor.visitorsCounted()).isEqualTo(5);
        assertThat(poor.missedVisitors()).isEqualTo(1);
        // Masked sex: only T5 on P3 (right); T3's wrong answer on P2 is not held against it.
        assertThat(poor.sexAccuracyMasked()).isEqualTo(1.0);
        assertThat(poor.sexAccuracyUnmasked()).isEqualTo(1.0);
        AttributeScore sex = poor.attributes().get("sex");
        assertThat(sex.visitors()).isEqualTo(3);
        assertThat(poor.determinedShare()).isCloseTo(2.0 / 3, within(1e-9));
        // Impressions: T1 4/5, T2 2/4, T5 10/10 (T3's 10 left out).
        assertThat(poor.impressions().impressions()).isEqualTo(19);
        assertThat(poor.impressions().correct()).isEqualTo(16);
        // The judgeable count: P1 and P3 are judgeable; T3 (on P2) leaves the count, the
        // fragment T2 and the false T4 stay in: (4 - 2) / 2.
        assertThat(poor.visitorsJudgeable()).isEqualTo(2);
        assertThat(poor.visitorsCountedJudgeable()).isEqualTo(4);
        assertThat(poor.countErrorJudgeable()).isEqualTo(1.0);
        NeverJudgeableScore never = poor.neverJudgeable();
        assertThat(never.persons()).isEqualTo(2);
        assertThat(never.matched()).isEqualTo(1);
        assertThat(never.missed()).isEqualTo(1);
        assertThat(never.sexDetermined()).isEqualTo(1);
        assertThat(never.sexCorrect()).isZero();
        // The Hallway itself has none.
        assertThat(report.neverJudgeable()).isEqualTo(new NeverJudgeableScore(0, 0, 0, 0, 0));
    }
}
