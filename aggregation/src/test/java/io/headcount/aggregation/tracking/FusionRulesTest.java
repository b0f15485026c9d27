package io.headcount.aggregation.tracking;

import static io.headcount.aggregation.tracking.BinaryEvidenceTest.assertFused;
import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.aggregation.Impressions;
import io.headcount.core.attributes.Attribute;
import io.headcount.schemas.AttributeProbabilities;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FaceQuality;
import io.headcount.schemas.TrackSummary;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fusion rules applied to a track's impressions ({@link TrackState#add} then {@link
 * TrackState#summarize}): the confidence threshold, quality weighting, and attributes switched off
 * per site.
 */
class FusionRulesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final String SITE = "berlin";
    private static final String CAMERA = "entrance";

    /** 20 px (1/4), sharpness 50 (1/2), 60° yaw (1/2): weight 1/16. */
    private static final FaceQuality POOR = new FaceQuality(20f, 50f, 60f);

    /** 80 px, sharpness 180, frontal: weight 1. */
    private static final FaceQuality GOOD = new FaceQuality(80f, 180f, 0f);

    @Test
    void theDefaultsReportAValueFromNinetyPercentConfidenceAndSwitchNothingOff() {
        FusionRules defaults = FusionRules.defaults();
        assertThat(defaults.confidenceThreshold()).isEqualTo(0.9);
        assertThat(defaults.attentionMaxYawDegrees()).isEqualTo(25);
        for (Attribute attribute : Attribute.values()) {
            assertThat(defaults.enabled("any-site", attribute)).isTrue();
        }
    }

    @Test
    void aSharpLargeFrontalImpressionOutweighsTwoPoorOnes() {
        Impressions poorFemale = Impressions.at(SITE, CAMERA).female(0.99f);
        Impressions goodMale = Impressions.at(SITE, CAMERA).female(0.01f);
        TrackState track =
                track(
                        FusionRules.defaults(),
                        SITE,
                        withQuality(poorFemale.of("t", T0), POOR),
                        withQuality(poorFemale.of("t", T0.plusMillis(250)), POOR),
                        withQuality(goodMale.of("t", T0.plusMillis(500)), GOOD));

        // L = 2 · 1/16 · ln 99 + 1 · ln(1/99) = −0.875 · ln 99: odds of male 99^0.875 = 55.74,
        // p(male) = 55.74 / 56.74 = 0.98237. Unweighted, two against one would say female.
        double oddsMale = Math.pow(99, 0.875);
        TrackSummary summary = track.summarize(FusionRules.defaults());
        assertFused(summary.getSex(), "male", oddsMale / (1 + oddsMale));
        assertThat(summary.getImpressions()).isEqualTo(3);
        assertThat(summary.getImpressionsUsed()).isEqualTo(3);
    }

    @Test
    void agesAreFusedBySummedWeightedLogProbabilitiesSoTheGoodFaceDecidesThere() {
        Impressions poor =
                Impressions.at(SITE, CAMERA).ageGroups(Map.of("20-29", 0.9f, "30-39", 0.1f));
        Impressions good =
                Impressions.at(SITE, CAMERA).ageGroups(Map.of("20-29", 0.02f, "30-39", 0.98f));
        TrackState track =
                track(
                        FusionRules.defaults(),
                        SITE,
                        withQuality(poor.of("t", T0), POOR),
                        withQuality(poor.of("t", T0.plusMillis(250)), POOR),
                        withQuality(good.of("t", T0.plusMillis(500)), GOOD));

        // 20-29: 0.9^(2/16) · 0.02 = 0.019738; 30-39: 0.1^(2/16) · 0.98 = 0.73489.
        // (Unweighted: 0.81 · 0.02 = 0.0162 against 0.01 · 0.98 = 0.0098, the poor faces' 20-29.)
        double young = Math.pow(0.9, 0.125) * 0.02;
        double older = Math.pow(0.1, 0.125) * 0.98;
        assertFused(
                track.summarize(FusionRules.defaults()).getAgeGroup(),
                "30-39",
                older / (young + older)); // 0.97384
    }

    @Test
    void aChildsSexIsNotReportedButItsConfidenceIsKept() {
        // The sex head was trained on adults; on children it answers confidently and at chance.
        Impressions child =
                Impressions.at(SITE, CAMERA)
                        .female(0.95f)
                        .ageGroups(Map.of("0-12", 0.7f, "13-19", 0.3f));
        TrackState track =
                track(
                        FusionRules.defaults(),
                        SITE,
                        child.of("t", T0),
                        child.of("t", T0.plusMillis(250)),
                        child.of("t", T0.plusMillis(500)));
        TrackSummary summary = track.summarize(FusionRules.defaults());
        // Three full-weight impressions at odds 19, capped at two: 19² = 361, p = 361/362.
        assertFused(summary.getSex(), "undetermined", 361.0 / 362);
        assertThat(summary.getAgeGroup().getValue()).isEqualTo("0-12");

        Impressions teenager =
                Impressions.at(SITE, CAMERA)
                        .female(0.95f)
                        .ageGroups(Map.of("0-12", 0.3f, "13-19", 0.7f));
        TrackState older =
                track(
                        FusionRules.defaults(),
                        SITE,
                        teenager.of("t", T0),
                        teenager.of("t", T0.plusMillis(250)),
                        teenager.of("t", T0.plusMillis(500)));
        assertFused(older.summarize(FusionRules.defaults()).getSex(), "female", 361.0 / 362);
    }

    @Test
    void belowTheConfiguredThresholdTheValueIsUndeterminedWithItsConfidenceKept() {
        Impressions poorFemale = Impressions.at(SITE, CAMERA).female(0.99f);
        Impressions goodMale = Impressions.at(SITE, CAMERA).female(0.01f);
        FusionRules strict = new FusionRules(0.99, 25, Map.of());
        TrackState track =
                track(
                        strict,
                        SITE,
                        withQuality(poorFemale.of("t", T0), POOR),
                        withQuality(poorFemale.of("t", T0.plusMillis(250)), POOR),
                        withQuality(goodMale.of("t", T0.plusMillis(500)), GOOD));

        double oddsMale = Math.pow(99, 0.875);
        // 0.98237 is enough at 0.9, not at 0.99: never forced into "male".
        assertFused(track.summarize(strict).getSex(), "undetermined", oddsMale / (1 + oddsMale));
        assertFused(
                track.summarize(FusionRules.defaults()).getSex(),
                "male",
                oddsMale / (1 + oddsMale));
    }

    @Test
    void aTrackWithoutSexEvidenceIsUndeterminedEvenAtTheLowestThreshold() {
        // The sex head gave nothing (null) for every impression: p(female) stays 1/2, which
        // reaches a threshold of 0.5 but favours neither value.
        FusionRules lowest = new FusionRules(0.5, 25, Map.of());
        Impressions face = Impressions.at(SITE, CAMERA);
        TrackState track =
                track(
                        lowest,
                        SITE,
                        withoutSex(face.of("t", T0)),
                        withoutSex(face.of("t", T0.plusMillis(250))),
                        withoutSex(face.of("t", T0.plusMillis(500))));

        TrackSummary summary = track.summarize(lowest);
        assertFused(summary.getSex(), "undetermined", 0.5);
        assertThat(summary.getAgeGroup().getValue()).isEqualTo("30-39");
        assertThat(summary.getImpressionsUsed()).as("they gave the other attributes").isEqualTo(3);
    }

    @Test
    void aFaceTurnedAwayContributesNothingAndIsNotAnImpressionUsed() {
        Impressions face = Impressions.at(SITE, CAMERA).female(0.9f);
        Impressions away = Impressions.at(SITE, CAMERA).female(0.01f);
        TrackState track =
                track(
                        FusionRules.defaults(),
                        SITE,
                        withQuality(face.of("t", T0), GOOD),
                        withQuality(
                                away.of("t", T0.plusMillis(250)), new FaceQuality(80f, 180f, 120f)),
                        withQuality(face.of("t", T0.plusMillis(500)), GOOD));

        TrackSummary summary = track.summarize(FusionRules.defaults());
        // Odds 9 · 9 = 81 from the two frontal faces alone: p = 81/82 = 0.98780.
        assertFused(summary.getSex(), "female", 81.0 / 82);
        assertThat(summary.getImpressions()).isEqualTo(3);
        assertThat(summary.getImpressionsUsed()).isEqualTo(2);
    }

    @Test
    void anImpressionWithAnUnusableYawContributesNothingAndSpoilsNoOther() {
        Impressions face = Impressions.at(SITE, CAMERA).female(0.9f);
        Impressions broken = Impressions.at(SITE, CAMERA).female(0.01f);
        TrackState track =
                track(
                        FusionRules.defaults(),
                        SITE,
                        withQuality(face.of("t", T0), GOOD),
                        withQuality(
                                broken.of("t", T0.plusMillis(250)),
                                new FaceQuality(80f, 180f, Float.NaN)),
                        withQuality(face.of("t", T0.plusMillis(500)), GOOD));

        TrackSummary summary = track.summarize(FusionRules.defaults());
        // Odds 9 · 9 = 81 from the two measurable faces: p = 81/82 = 0.98780.
        assertFused(summary.getSex(), "female", 81.0 / 82);
        assertThat(summary.getAgeGroup().getValue()).isEqualTo("30-39");
        assertThat(summary.getImpressionsUsed()).isEqualTo(2);
    }

    @Test
    void anAttributeASiteSwitchedOffIsNeitherAccumulatedNorReported() {
        FusionRules rules =
                new FusionRules(
                        0.9, 25, Map.of("paris", EnumSet.of(Attribute.SEX, Attribute.MASK)));
        Impressions paris = Impressions.at("paris", CAMERA);
        TrackState parisTrack =
                track(
                        rules,
                        "paris",
                        paris.of("t", T0),
                        paris.of("t", T0.plusMillis(250)),
                        paris.of("t", T0.plusMillis(500)));
        assertThat(parisTrack.female.logOdds()).as("not even accumulated").isZero();
        assertThat(parisTrack.masked.logOdds()).isZero();
        TrackSummary summary = parisTrack.summarize(rules);
        assertThat(summary.getSex()).isNull();
        assertThat(summary.getMasked()).isNull();
        assertThat(summary.getAgeGroup().getValue()).isEqualTo("30-39");
        assertThat(summary.getExpression().getValue()).isEqualTo("neutral");
        assertThat(summary.getImpressionsUsed()).isEqualTo(3);

        Impressions berlin = Impressions.at(SITE, CAMERA);
        TrackSummary other =
                track(
                                rules,
                                SITE,
                                berlin.of("t", T0),
                                berlin.of("t", T0.plusMillis(250)),
                                berlin.of("t", T0.plusMillis(500)))
                        .summarize(rules);
        assertThat(other.getSex().getValue()).as("another site keeps it").isEqualTo("female");
        assertThat(other.getMasked().getValue()).isEqualTo("unmasked");
    }

    @Test
    void withEveryAttributeSwitchedOffNoImpressionIsUsed() {
        FusionRules rules = new FusionRules(0.9, 25, Map.of(SITE, Set.of(Attribute.values())));
        Impressions face = Impressions.at(SITE, CAMERA);
        TrackSummary summary =
                track(rules, SITE, face.of("t", T0), face.of("t", T0.plusMillis(500)))
                        .summarize(rules);
        assertThat(summary.getImpressions()).isEqualTo(2);
        assertThat(summary.getImpressionsUsed()).isZero();
        assertThat(summary.getSex()).isNull();
        assertThat(summary.getAgeGroup()).isNull();
        assertThat(summary.getMasked()).isNull();
        assertThat(summary.getExpression()).isNull();
    }

    private static TrackState track(
            FusionRules rules, String site, FaceObservation... impressions) {
        TrackState track =
                TrackState.start(
                        site, CAMERA, "t", 0, impressions[0].getFrameTime().toEpochMilli());
        for (FaceObservation impression : impressions) {
            track.add(impression, impression.getFrameTime().toEpochMilli(), rules);
        }
        return track;
    }

    private static FaceObservation withoutSex(FaceObservation observation) {
        return FaceObservation.newBuilder(observation)
                .setAttributes(
                        AttributeProbabilities.newBuilder(observation.getAttributes())
                                .setFemale(null)
                                .build())
                .build();
    }

    private static FaceObservation withQuality(FaceObservation observation, FaceQuality quality) {
        return FaceObservation.newBuilder(observation).setQuality(quality).build();
    }
}
