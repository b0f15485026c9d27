package io.headcount.scoring.produced;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.TrackSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the pipeline put on its output topics for a run, as plain lists of the generated Avro
 * records: {@code face-observations} (one per face and frame, with its track id, box and attribute
 * probabilities), {@code tracks} (one {@code TrackSummary} per closed, confirmed track: the counted
 * visitors) and {@code audience-stats} (the windows the dashboards show). How they were collected
 * (a topic read to its end, an embedded run) is the caller's business.
 */
public record ProducedRecords(
        List<FaceObservation> observations,
        List<TrackSummary> tracks,
        List<AudienceStats> windows) {

    public ProducedRecords {
        observations = List.copyOf(observations);
        tracks = List.copyOf(tracks);
        windows = List.copyOf(windows);
    }

    /** The records of one camera; all of them when {@code camera} is null. */
    public ProducedRecords forCamera(String camera) {
        if (camera == null) {
            return this;
        }
        return new ProducedRecords(
                observations.stream().filter(o -> camera.equals(o.getCamera())).toList(),
                tracks.stream().filter(t -> camera.equals(t.getCamera())).toList(),
                windows.stream().filter(w -> camera.equals(w.getCamera())).toList());
    }

    /**
     * Observations per track id in frame-time order; observations without a track id (before the
     * tracker assigned one) belong to no track and are left out.
     */
    public Map<String, List<FaceObservation>> observationsByTrack() {
        Map<String, List<FaceObservation>> byTrack = new LinkedHashMap<>();
        for (FaceObservation observation : observations) {
            if (observation.getTrackId() != null) {
                byTrack.computeIfAbsent(observation.getTrackId(), t -> new ArrayList<>())
                        .add(observation);
            }
        }
        byTrack.values()
                .forEach(list -> list.sort(Comparator.comparing(FaceObservation::getFrameTime)));
        return byTrack;
    }

    /** The windows in start order. */
    public List<AudienceStats> windowsInOrder() {
        List<AudienceStats> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparing(AudienceStats::getWindowStart));
        return sorted;
    }

    /** The track summaries in last-seen order (the order they close and are counted in). */
    public List<TrackSummary> tracksInOrder() {
        List<TrackSummary> sorted = new ArrayList<>(tracks);
        sorted.sort(
                Comparator.comparing(TrackSummary::getLastSeen)
                        .thenComparing(
                                TrackSummary::getTrackId,
                                Comparator.nullsFirst(Comparator.naturalOrder())));
        return sorted;
    }
}
