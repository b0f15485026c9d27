package io.headcount.scoring.matching;

import io.headcount.scoring.truth.TruthPerson;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of matching: every counted track with its person (or none), the tracks of each matched
 * person, and the persons no track matched.
 *
 * @param tracksByPerson matched persons (in the truth's order) to their tracks (in last-seen order)
 */
public record Matching(
        List<TrackMatch> tracks,
        Map<String, List<TrackMatch>> tracksByPerson,
        List<TruthPerson> missed) {

    public Matching {
        tracks = List.copyOf(tracks);
        tracksByPerson = Collections.unmodifiableMap(new LinkedHashMap<>(tracksByPerson));
        missed = List.copyOf(missed);
    }

    public List<TrackMatch> falseTracks() {
        return tracks.stream().filter(track -> !track.matched()).toList();
    }

    public List<TrackMatch> matchedTracks() {
        return tracks.stream().filter(TrackMatch::matched).toList();
    }

    /** Extra tracks over the persons they belong to: Σ over matched persons of (tracks − 1). */
    public int fragmentation() {
        return tracksByPerson.values().stream().mapToInt(list -> list.size() - 1).sum();
    }

    /** Persons matched by more than one track. */
    public int fragmentedPersons() {
        return (int) tracksByPerson.values().stream().filter(list -> list.size() > 1).count();
    }
}
