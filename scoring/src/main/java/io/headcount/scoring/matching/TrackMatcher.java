package io.headcount.scoring.matching;

import io.headcount.schemas.Box;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.TrackSummary;
import io.headcount.scoring.produced.ProducedRecords;
import io.headcount.scoring.truth.GroundTruth;
import io.headcount.scoring.truth.Rect;
import io.headcount.scoring.truth.TruthPerson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches each counted visitor (a {@code TrackSummary}) to the real person it overlaps most.
 *
 * <p>The rule, for a track {@code T} with time span {@code [firstSeen, lastSeen]} and its
 * observations, and each person {@code P} with {@code [enter, leave]}:
 *
 * <ol>
 *   <li><b>Co-timed observations</b> are those of {@code T}'s observations for which {@code P} has
 *       a box at the same frame time (within {@code boxTimeTolerance}). If there is at least one,
 *       the evidence is the boxes: {@code P} overlaps {@code T} only if the <b>mean IoU</b> over
 *       the co-timed observations reaches {@code minIou} (default 0.3), and the overlap's size is
 *       the <b>sum</b> of those IoUs (how many frames, how well).
 *   <li>Otherwise (the truth has no box of {@code P} at those times) the evidence is time: {@code
 *       P} overlaps {@code T} if the two spans intersect, by the length of the intersection; but if
 *       {@code T} was seen at annotated frames (frames whose boxes are known), {@code P} must be in
 *       view at one of them: a track seen only when {@code P} was gone is not {@code P}, however
 *       its span touches {@code P}'s.
 *   <li>{@code T} belongs to the overlapping person with the largest box overlap; only if no person
 *       overlaps by boxes, to the one with the longest time overlap. Ties go to the longer time
 *       overlap, then to the person listed first. Box evidence wins because boxes can tell apart
 *       two people in view at once, time cannot; a person whose co-timed boxes show the track
 *       elsewhere (mean IoU below the minimum) is never matched by time.
 *   <li>No overlapping person: {@code T} is a <b>false visitor</b>.
 * </ol>
 *
 * Then a person matched by several tracks is <b>fragmented</b> (over-counted by tracks − 1), a
 * person matched by none is <b>missed</b>. Separately, each observation is assigned to the person
 * whose co-timed box it overlaps best with IoU ≥ {@code minIou} (or to nobody); an <b>ID switch</b>
 * is a change of that person between consecutive assigned observations of one track (switches need
 * boxes: a truth without boxes shows none). Only confirmed tracks (those with a summary) are
 * matched: unconfirmed tracks are never counted by the product either.
 */
public final class TrackMatcher {

    private final MatchingOptions options;

    public TrackMatcher(MatchingOptions options) {
        this.options = options;
    }

    /** Matches the records of the truth's camera (all records when it names none). */
    public Matching match(GroundTruth truth, ProducedRecords produced) {
        ProducedRecords camera = produced.forCamera(truth.camera());
        Map<String, List<FaceObservation>> observationsByTrack = camera.observationsByTrack();
        List<TrackMatch> matches = new ArrayList<>();
        for (TrackSummary track : camera.tracksInOrder()) {
            List<FaceObservation> observations =
                    observationsByTrack.getOrDefault(track.getTrackId(), List.of());
            matches.add(match(track, observations, truth.persons()));
        }
        Map<String, List<TrackMatch>> tracksOf = new HashMap<>();
        for (TrackMatch match : matches) {
            if (match.matched()) {
                tracksOf.computeIfAbsent(match.person(), p -> new ArrayList<>()).add(match);
            }
        }
        Map<String, List<TrackMatch>> byPerson = new LinkedHashMap<>();
        List<TruthPerson> missed = new ArrayList<>();
        for (TruthPerson person : truth.persons()) {
            List<TrackMatch> tracks = tracksOf.get(person.id());
            if (tracks == null) {
                missed.add(person);
            } else {
                byPerson.put(person.id(), tracks);
            }
        }
        return new Matching(matches, byPerson, missed);
    }

    TrackMatch match(
            TrackSummary track, List<FaceObservation> observations, List<TruthPerson> all) {
        Instant first = track.getFirstSeen();
        Instant last = track.getLastSeen();
        long tolerance = options.boxTimeTolerance().toMillis();
        // Only persons in view around the track can have co-timed boxes or a time overlap.
        List<TruthPerson> nearby =
                all.stream()
                        .filter(
                                p ->
                                        !p.enter().isAfter(last.plusMillis(tolerance))
                                                && !p.leave()
                                                        .isBefore(first.minusMillis(tolerance)))
                        .toList();
        Candidate bestByBoxes = null;
        Candidate bestByTime = null;
        for (TruthPerson person : nearby) {
            long overlap = overlapMillis(first, last, person);
            int coTimed = 0;
            double iouSum = 0;
            for (FaceObservation observation : observations) {
                Optional<Rect> box =
                        person.boxNear(observation.getFrameTime(), options.boxTimeTolerance());
                if (box.isPresent()) {
                    coTimed++;
                    iouSum += rect(observation.getBox()).iou(box.get());
                }
            }
            if (coTimed > 0) {
                double meanIou = iouSum / coTimed;
                Candidate candidate = new Candidate(person, iouSum, meanIou, overlap);
                if (meanIou >= options.minIou() && candidate.beats(bestByBoxes)) {
                    bestByBoxes = candidate;
                }
            } else if (overlap >= 0 && 2 * overlap >= Duration.between(first, last).toMillis()) {
                Candidate candidate = new Candidate(person, 0, Double.NaN, overlap);
                if (candidate.beats(bestByTime)) {
                    bestByTime = candidate;
                }
            }
        }
        List<String> observationPersons = new ArrayList<>(observations.size());
        for (FaceObservation observation : observations) {
            observationPersons.add(personOf(observation, nearby));
        }
        if (bestByBoxes != null) {
            return new TrackMatch(
                    track,
                    observations,
                    bestByBoxes.person.id(),
                    Evidence.BOXES,
                    bestByBoxes.meanIou,
                    bestByBoxes.overlapMillis,
                    observationPersons);
        }
        if (bestByTime != null) {
            return new TrackMatch(
                    track,
                    observations,
                    bestByTime.person.id(),
                    Evidence.TIME,
                    null,
                    bestByTime.overlapMillis,
                    observationPersons);
        }
        return new TrackMatch(
                track, observations, null, Evidence.NONE, null, 0, observationPersons);
    }

    /**
     * The person whose box at the observation's time it overlaps best, at least minIou; or null.
     */
    private String personOf(FaceObservation observation, List<TruthPerson> nearby) {
        Rect seen = rect(observation.getBox());
        String best = null;
        double bestIou = options.minIou();
        for (TruthPerson person : nearby) {
            Optional<Rect> box =
                    person.boxNear(observation.getFrameTime(), options.boxTimeTolerance());
            if (box.isPresent()) {
                double iou = seen.iou(box.get());
                if (iou >= bestIou && (best == null || iou > bestIou)) {
                    best = person.id();
                    bestIou = iou;
                }
            }
        }
        return best;
    }

    /**
     * Length of the intersection of the track's span and the person's, in ms; 0 when they only
     * touch, negative when they are apart.
     */
    static long overlapMillis(Instant first, Instant last, TruthPerson person) {
        Instant start = first.isAfter(person.enter()) ? first : person.enter();
        Instant end = last.isBefore(person.leave()) ? last : person.leave();
        return end.toEpochMilli() - start.toEpochMilli();
    }

    static Rect rect(Box box) {
        return new Rect(
                box.getX(), box.getY(), Math.max(0, box.getWidth()), Math.max(0, box.getHeight()));
    }

    private record Candidate(
            TruthPerson person, double iouSum, double meanIou, long overlapMillis) {

        /** Larger IoU sum, then longer time overlap; an equal one keeps the earlier person. */
        boolean beats(Candidate other) {
            if (other == null) {
                return true;
            }
            if (iouSum != other.iouSum) {
                return iouSum > other.iouSum;
            }
            return overlapMillis > other.overlapMillis;
        }
    }
}
