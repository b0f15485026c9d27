package io.headcount.scoring.score;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code headcount score} measures for one camera; serialised with snake_case keys
 * ({@code visitors_true}, {@code count_error}, ...) by {@code JsonReport}. Fractions are in [0, 1]
 * (count error: signed), null when undefined (nothing to measure).
 *
 * @param visitorsTrue persons in the ground truth
 * @param visitorsCounted confirmed tracks ({@code TrackSummary} records) of the camera
 * @param visitorsCountedInWindows the sum of {@code visitors} over the emitted windows (what the
 *     dashboards add up; below {@code visitorsCounted} when windows were dropped), null without
 *     windows
 * @param countError (counted − true) / true
 * @param visitorsJudgeable persons in the truth shown well enough to judge at least once ({@code
 *     TruthPerson.judgeable()}); the realistic scene makes about 12 % of its people never judgeable
 *     on purpose (too small, too turned, too blurred), and most of those are not findable at all
 * @param visitorsCountedJudgeable counted tracks less those matched to never-judgeable persons
 *     (false visitors and fragments stay in)
 * @param countErrorJudgeable (counted − true) / true over the judgeable persons only: the count
 *     error the product is answerable for, beside {@code countError}, which the target is about
 * @param fragmentation extra tracks over the persons they belong to (Σ tracks − 1 per matched
 *     person); counted = true − missed + fragmentation + false visitors
 * @param fragmentationRate fragmentation / true persons (the target: at most 3 %)
 * @param fragmentedVisitors persons matched by more than one track
 * @param falseVisitors tracks matched to no person
 * @param missedVisitors persons matched by no track
 * @param idSwitches changes of person along the tracks' observations, summed
 * @param tracksWithIdSwitch tracks with at least one ID switch
 * @param sexAccuracyUnmasked per-visitor sex accuracy among determined matched tracks of unmasked
 *     persons
 * @param sexAccuracyMasked the same for masked persons
 * @param determinedShare share of matched tracks (with a known true sex) whose sex is determined
 * @param determinedShare13AndOver the determined share among persons of a true age group 13 or over
 *     (the product leaves children's sex undetermined by design)
 * @param impressionSexAccuracy per-impression sex accuracy on the same matched tracks
 * @param attributes per-visitor scores under {@code sex}, {@code age_group} and {@code mask}, and
 *     sex again for persons of true age group 0-12 ({@code sex_under_13}) and of any older one
 *     ({@code sex_13_and_over}; unknown ages in neither)
 * @param maskByType mask accuracy per visitor among the masked persons of each mask type the truth
 *     names (the synthetic scene's template, {@code from-manifest} for faces photographed with
 *     their mask, an annotation's {@code mask_type}), by type name; empty when it names none
 * @param neverJudgeable the persons never shown well enough to judge: in the counts, not in the
 *     attribute or impression accuracy (nor in {@code determinedShare})
 */
public record ScoreReport(
        String camera,
        long visitorsTrue,
        long visitorsCounted,
        Long visitorsCountedInWindows,
        Double countError,
        long visitorsJudgeable,
        long visitorsCountedJudgeable,
        Double countErrorJudgeable,
        long fragmentation,
        Double fragmentationRate,
        long fragmentedVisitors,
        long falseVisitors,
        long missedVisitors,
        long idSwitches,
        long tracksWithIdSwitch,
        Double sexAccuracyUnmasked,
        Double sexAccuracyMasked,
        Double determinedShare,
        @JsonProperty("determined_share_13_and_over") Double determinedShare13AndOver,
        Double impressionSexAccuracy,
        Map<String, AttributeScore> attributes,
        Map<String, AttributeScore> maskByType,
        ImpressionScore impressions,
        NeverJudgeableScore neverJudgeable,
        DwellScore dwell,
        WindowSummary windowSummary,
        List<WindowScore> windows,
        MatchingSummary matching,
        List<TrackLine> tracks,
        List<String> missedPersons) {}
