package io.headcount.scoring.score;

import io.headcount.schemas.AttributeProbabilities;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FusedAttribute;
import io.headcount.schemas.TrackSummary;
import io.headcount.scoring.matching.Evidence;
import io.headcount.scoring.matching.Matching;
import io.headcount.scoring.matching.TrackMatch;
import io.headcount.scoring.matching.TrackMatcher;
import io.headcount.scoring.produced.ProducedRecords;
import io.headcount.scoring.truth.GroundTruth;
import io.headcount.scoring.truth.TruthLabels;
import io.headcount.scoring.truth.TruthPerson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Scores what a run produced against the ground truth of one camera: matches the counted visitors
 * to the real persons ({@link TrackMatcher}, whose Javadoc states the rule), then counts,
 * attributes, impressions, dwell and windows ({@link WindowScorer}).
 */
public final class Scorer {

    /** A single impression calls {@code female} from this probability on. */
    static final float IMPRESSION_FEMALE_FROM = 0.5f;

    private final ScoringOptions options;

    public Scorer(ScoringOptions options) {
        this.options = options;
    }

    public ScoreReport score(GroundTruth truth, ProducedRecords produced) {
        ProducedRecords camera = produced.forCamera(truth.camera());
        Matching matching = new TrackMatcher(options.matching()).match(truth, camera);
        Map<String, TruthPerson> persons =
                truth.persons().stream()
                        .collect(
                                Collectors.toMap(
                                        TruthPerson::id,
                                        Function.identity(),
                                        (a, b) -> a,
                                        LinkedHashMap::new));
        List<AudienceStats> windows = camera.windowsInOrder();

        long counted = matching.tracks().size();
        long visitorsTrue = truth.persons().size();
        long visitorsJudgeable = truth.persons().stream().filter(TruthPerson::judgeable).count();
        long countedJudgeable =
                counted
                        - matching.matchedTracks().stream()
                                .filter(match -> !persons.get(match.person()).judgeable())
                                .count();
        Long countedInWindows =
                windows.isEmpty()
                        ? null
                        : windows.stream().mapToLong(AudienceStats::getVisitors).sum();

        Map<String, AttributeScore> attributes = attributeScores(matching, persons);
        Map<String, AttributeScore> maskByType = maskByType(matching, persons);
        AttributeScore sex = attributes.get("sex");
        ImpressionScore impressions = impressionScore(matching, persons);
        List<WindowScore> windowScores =
                new WindowScorer(options.fallbackWindow())
                        .score(truth.persons(), camera.tracks(), windows);

        return new ScoreReport(
                truth.camera(),
                visitorsTrue,
                counted,
                countedInWindows,
                countError(counted, visitorsTrue),
                visitorsJudgeable,
                countedJudgeable,
                countError(countedJudgeable, visitorsJudgeable),
                matching.fragmentation(),
                Ratios.ratio(matching.fragmentation(), visitorsTrue),
                matching.fragmentedPersons(),
                matching.falseTracks().size(),
                matching.missed().size(),
                matching.tracks().stream().mapToLong(TrackMatch::idSwitches).sum(),
                matching.tracks().stream().filter(t -> t.idSwitches() > 0).count(),
                sex.accuracyUnmasked(),
                sex.accuracyMasked(),
                sex.determinedShare(),
                attributes.get("sex_13_and_over").determinedShare(),
                impressions.accuracy(),
                attributes,
                maskByType,
                impressions,
                neverJudgeableScore(truth, matching, persons),
                dwellScore(matching, persons),
                WindowScorer.summarise(windowScores),
                windowScores,
                matchingSummary(truth, matching),
                trackLines(matching, persons),
                matching.missed().stream().map(TruthPerson::id).toList());
    }

    private static Double countError(long counted, long visitorsTrue) {
        return visitorsTrue == 0 ? null : (double) (counted - visitorsTrue) / visitorsTrue;
    }

    private static Map<String, AttributeScore> attributeScores(
            Matching matching, Map<String, TruthPerson> persons) {
        AttributeTally sex = new AttributeTally();
        AttributeTally ageGroup = new AttributeTally();
        AttributeTally mask = new AttributeTally();
        AttributeTally sexUnder13 = new AttributeTally();
        AttributeTally sex13AndOver = new AttributeTally();
        for (TrackMatch match : matching.matchedTracks()) {
            TruthPerson person = persons.get(match.person());
            if (!person.judgeable()) {
                continue; // never shown well enough to judge: see NeverJudgeableScore
            }
            TrackSummary track = match.track();
            sex.add(track.getSex(), person.sex(), person.masked());
            if (person.ageGroup() != null) {
                (TruthLabels.CHILD.equals(person.ageGroup()) ? sexUnder13 : sex13AndOver)
                        .add(track.getSex(), person.sex(), person.masked());
            }
            ageGroup.add(track.getAgeGroup(), person.ageGroup(), person.masked());
            mask.add(track.getMasked(), maskValue(person.masked()), person.masked());
        }
        Map<String, AttributeScore> scores = new LinkedHashMap<>();
        scores.put("sex", sex.score());
        scores.put("age_group", ageGroup.score());
        scores.put("mask", mask.score());
        // Sex split by true age: the product does not judge children's sex (its sex head was
        // trained on adults), so a face set rich in children lowers the determined share.
        scores.put("sex_under_13", sexUnder13.score());
        scores.put("sex_13_and_over", sex13AndOver.score());
        return scores;
    }

    /**
     * Mask accuracy per visitor among the masked persons of each known mask type: the mask detector
     * knows some kinds (surgical, cloth) far better than others (respirators), and one figure over
     * all of them hides which.
     */
    private static Map<String, AttributeScore> maskByType(
            Matching matching, Map<String, TruthPerson> persons) {
        Map<String, AttributeTally> tallies = new TreeMap<>();
        for (TrackMatch match : matching.matchedTracks()) {
            TruthPerson person = persons.get(match.person());
            if (person.judgeable()
                    && Boolean.TRUE.equals(person.masked())
                    && person.maskType() != null) {
                tallies.computeIfAbsent(person.maskType(), type -> new AttributeTally())
                        .add(match.track().getMasked(), WindowScorer.MASKED, true);
            }
        }
        Map<String, AttributeScore> scores = new LinkedHashMap<>();
        tallies.forEach((type, tally) -> scores.put(type, tally.score()));
        return scores;
    }

    private static String maskValue(Boolean masked) {
        if (masked == null) {
            return null;
        }
        return masked ? WindowScorer.MASKED : WindowScorer.UNMASKED;
    }

    private static ImpressionScore impressionScore(
            Matching matching, Map<String, TruthPerson> persons) {
        long[] all = new long[2]; // impressions, correct
        long[] masked = new long[2];
        long[] unmasked = new long[2];
        for (TrackMatch match : matching.matchedTracks()) {
            TruthPerson person = persons.get(match.person());
            if (person.sex() == null || !person.judgeable()) {
                continue;
            }
            for (FaceObservation observation : match.observations()) {
                AttributeProbabilities attributes = observation.getAttributes();
                Float female = attributes == null ? null : attributes.getFemale();
                if (female == null) {
                    continue; // not judged (head off, face too poor): no impression to score
                }
                String said =
                        female >= IMPRESSION_FEMALE_FROM ? TruthLabels.FEMALE : TruthLabels.MALE;
                int correct = said.equals(person.sex()) ? 1 : 0;
                all[0]++;
                all[1] += correct;
                long[] split =
                        Boolean.TRUE.equals(person.masked())
                                ? masked
                                : Boolean.FALSE.equals(person.masked()) ? unmasked : null;
                if (split != null) {
                    split[0]++;
                    split[1] += correct;
                }
            }
        }
        return new ImpressionScore(
                all[0],
                all[1],
                Ratios.ratio(all[1], all[0]),
                Ratios.ratio(masked[1], masked[0]),
                Ratios.ratio(unmasked[1], unmasked[0]),
                masked[0],
                unmasked[0]);
    }

    private static NeverJudgeableScore neverJudgeableScore(
            GroundTruth truth, Matching matching, Map<String, TruthPerson> persons) {
        long never = truth.persons().stream().filter(person -> !person.judgeable()).count();
        long missed = matching.missed().stream().filter(person -> !person.judgeable()).count();
        long matched =
                matching.tracksByPerson().keySet().stream()
                        .filter(id -> !persons.get(id).judgeable())
                        .count();
        long determined = 0;
        long correct = 0;
        for (TrackMatch match : matching.matchedTracks()) {
            TruthPerson person = persons.get(match.person());
            FusedAttribute sex = match.track().getSex();
            if (person.judgeable() || sex == null || person.sex() == null) {
                continue;
            }
            if (!AttributeTally.UNDETERMINED.equals(sex.getValue())) {
                determined++;
                correct += person.sex().equals(sex.getValue()) ? 1 : 0;
            }
        }
        return new NeverJudgeableScore(never, matched, missed, determined, correct);
    }

    private static DwellScore dwellScore(Matching matching, Map<String, TruthPerson> persons) {
        double trackError = 0;
        double trackAbsolute = 0;
        long tracks = 0;
        for (TrackMatch match : matching.matchedTracks()) {
            long error =
                    match.track().getDwellMillis() - persons.get(match.person()).dwell().toMillis();
            trackError += error;
            trackAbsolute += Math.abs(error);
            tracks++;
        }
        double personError = 0;
        double personAbsolute = 0;
        for (Map.Entry<String, List<TrackMatch>> entry : matching.tracksByPerson().entrySet()) {
            Instant first = Instant.MAX;
            Instant last = Instant.MIN;
            for (TrackMatch match : entry.getValue()) {
                first = min(first, match.track().getFirstSeen());
                last = max(last, match.track().getLastSeen());
            }
            long error =
                    (last.toEpochMilli() - first.toEpochMilli())
                            - persons.get(entry.getKey()).dwell().toMillis();
            personError += error;
            personAbsolute += Math.abs(error);
        }
        long matchedPersons = matching.tracksByPerson().size();
        return new DwellScore(
                tracks,
                Ratios.mean(trackError, tracks),
                Ratios.mean(trackAbsolute, tracks),
                matchedPersons,
                Ratios.mean(personError, matchedPersons),
                Ratios.mean(personAbsolute, matchedPersons));
    }

    private MatchingSummary matchingSummary(GroundTruth truth, Matching matching) {
        return new MatchingSummary(
                options.matching().minIou(),
                options.matching().boxTimeTolerance().toMillis(),
                truth.hasBoxes(),
                matching.tracks().stream().filter(t -> t.evidence() == Evidence.BOXES).count(),
                matching.tracks().stream().filter(t -> t.evidence() == Evidence.TIME).count());
    }

    private static List<TrackLine> trackLines(Matching matching, Map<String, TruthPerson> persons) {
        List<TrackLine> lines = new ArrayList<>(matching.tracks().size());
        for (TrackMatch match : matching.tracks()) {
            TrackSummary track = match.track();
            TruthPerson person = match.matched() ? persons.get(match.person()) : null;
            FusedAttribute sex = track.getSex();
            lines.add(
                    new TrackLine(
                            track.getTrackId(),
                            track.getFirstSeen(),
                            track.getLastSeen(),
                            match.observations().size(),
                            match.person(),
                            match.evidence().name(),
                            match.meanIou(),
                            match.idSwitches(),
                            sex == null ? null : sex.getValue(),
                            person == null ? null : person.sex(),
                            track.getAgeGroup() == null ? null : track.getAgeGroup().getValue(),
                            person == null ? null : person.ageGroup(),
                            track.getMasked() == null ? null : track.getMasked().getValue(),
                            person == null ? null : person.masked(),
                            person == null ? null : person.maskType()));
        }
        return lines;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
