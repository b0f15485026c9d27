package io.headcount.vision.track;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores a tracker's answers against ground truth: which person (or none, for a false detection)
 * each detection belongs to. Counts distinct confirmed tracks against people, and ID switches in
 * the MOT sense: a person's confirmed track id changing from one detection to the next.
 */
final class TrackingScore {

    static final int NOBODY = -1;

    private record Observation(int person, String trackId) {}

    private final List<Observation> observations = new ArrayList<>();
    private final Set<String> confirmedIds = new HashSet<>();
    private final Set<Integer> people = new HashSet<>();

    /** One frame: {@code persons[i]} is the person behind detection {@code i}. */
    void add(int[] persons, FrameTracks tracks) {
        for (int i = 0; i < persons.length; i++) {
            observations.add(new Observation(persons[i], tracks.trackIds()[i]));
            if (tracks.confirmed()[i]) {
                confirmedIds.add(tracks.trackIds()[i]);
            }
            if (persons[i] != NOBODY) {
                people.add(persons[i]);
            }
        }
    }

    /** People seen by the detector at least once. */
    int people() {
        return people.size();
    }

    int confirmedTracks() {
        return confirmedIds.size();
    }

    /** Times a person's confirmed track id changed (tentative ids that never confirmed ignored). */
    int idSwitches() {
        Map<Integer, String> current = new HashMap<>();
        int switches = 0;
        for (Observation o : observations) {
            if (o.person != NOBODY && o.trackId != null && confirmedIds.contains(o.trackId)) {
                String previous = current.put(o.person, o.trackId);
                if (previous != null && !previous.equals(o.trackId)) {
                    switches++;
                }
            }
        }
        return switches;
    }

    /** Confirmed tracks whose detections are mostly false detections. */
    int falseTracks() {
        int count = 0;
        for (Map.Entry<String, Map<Integer, Integer>> track : personsByTrack().entrySet()) {
            if (majority(track.getValue()) == NOBODY) {
                count++;
            }
        }
        return count;
    }

    /** Confirmed tracks that followed more than one person at some point. */
    int mixedTracks() {
        int count = 0;
        for (Map<Integer, Integer> persons : personsByTrack().values()) {
            persons.remove(NOBODY);
            count += persons.size() > 1 ? 1 : 0;
        }
        return count;
    }

    /** People covered by more than one confirmed track. */
    int fragmentedPeople() {
        Map<Integer, Set<String>> tracksOfPerson = new HashMap<>();
        for (Observation o : observations) {
            if (o.person != NOBODY && o.trackId != null && confirmedIds.contains(o.trackId)) {
                tracksOfPerson.computeIfAbsent(o.person, p -> new HashSet<>()).add(o.trackId);
            }
        }
        return (int) tracksOfPerson.values().stream().filter(ids -> ids.size() > 1).count();
    }

    /** People never given a confirmed track. */
    int missedPeople() {
        Set<Integer> covered = new HashSet<>();
        for (Observation o : observations) {
            if (o.trackId != null && confirmedIds.contains(o.trackId)) {
                covered.add(o.person);
            }
        }
        Set<Integer> missed = new HashSet<>(people);
        missed.removeAll(covered);
        return missed.size();
    }

    private Map<String, Map<Integer, Integer>> personsByTrack() {
        Map<String, Map<Integer, Integer>> byTrack = new LinkedHashMap<>();
        for (Observation o : observations) {
            if (o.trackId != null && confirmedIds.contains(o.trackId)) {
                byTrack.computeIfAbsent(o.trackId, id -> new HashMap<>())
                        .merge(o.person, 1, Integer::sum);
            }
        }
        return byTrack;
    }

    private static int majority(Map<Integer, Integer> counts) {
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    @Override
    public String toString() {
        return "people="
                + people()
                + " confirmedTracks="
                + confirmedTracks()
                + " idSwitches="
                + idSwitches()
                + " fragmentedPeople="
                + fragmentedPeople()
                + " mixedTracks="
                + mixedTracks()
                + " falseTracks="
                + falseTracks()
                + " missedPeople="
                + missedPeople();
    }
}
