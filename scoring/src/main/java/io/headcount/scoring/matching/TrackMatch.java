package io.headcount.scoring.matching;

import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.TrackSummary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One counted visitor (a produced track) and the person it was matched to.
 *
 * @param observations the track's observations in frame-time order
 * @param person the matched person's id, or null for a false visitor
 * @param meanIou the mean IoU with the matched person over co-timed observations (null unless
 *     {@link Evidence#BOXES})
 * @param overlapMillis time overlap of {@code [firstSeen, lastSeen]} with the person's {@code
 *     [enter, leave]} (0 when unmatched)
 * @param observationPersons per observation, the person whose box it overlaps best with at least
 *     the minimum IoU, or null (no box at that time, or none overlapping)
 */
public record TrackMatch(
        TrackSummary track,
        List<FaceObservation> observations,
        String person,
        Evidence evidence,
        Double meanIou,
        long overlapMillis,
        List<String> observationPersons) {

    public TrackMatch {
        observations = List.copyOf(observations);
        // List.copyOf refuses nulls, and an unassigned observation is null.
        observationPersons = Collections.unmodifiableList(new ArrayList<>(observationPersons));
    }

    public boolean matched() {
        return person != null;
    }

    public String trackId() {
        return track.getTrackId();
    }

    /**
     * How often the person under the track changes along its observations (unassigned ones
     * skipped): 0 for a clean track, 1 when it jumped from one person to another once.
     */
    public int idSwitches() {
        int switches = 0;
        String previous = null;
        for (String current : observationPersons) {
            if (current == null) {
                continue;
            }
            if (previous != null && !previous.equals(current)) {
                switches++;
            }
            previous = current;
        }
        return switches;
    }
}
