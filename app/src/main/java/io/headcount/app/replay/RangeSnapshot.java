package io.headcount.app.replay;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.TrackSummary;
import io.headcount.schemas.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * One side of a comparison over a time range: the windows that lie inside it, the visitors whose
 * last impression falls in it (the window they are counted in) and the observations of its frames.
 */
public record RangeSnapshot(
        List<AudienceStats> windows,
        List<TrackSummary> tracks,
        List<FaceObservation> observations) {

    /**
     * How far before the range the outputs are searched: windows and tracks are written when they
     * close, so their Kafka timestamps (window end, last seen) are not in offset order across
     * cameras.
     */
    static final Duration LOOKBACK = Duration.ofHours(1);

    static RangeSnapshot read(
            TopicReader reader,
            TimeRange range,
            Topic<String, AudienceStats> stats,
            Topic<String, TrackSummary> tracks,
            Topic<String, FaceObservation> observations) {
        Instant since = range.from().minus(LOOKBACK);
        List<AudienceStats> windows =
                reader.read(stats, since).stream()
                        .filter(
                                window ->
                                        range.covers(
                                                window.getWindowStart(), window.getWindowEnd()))
                        .sorted(
                                Comparator.comparing(AudienceStats::getSite)
                                        .thenComparing(AudienceStats::getCamera)
                                        .thenComparing(AudienceStats::getWindowStart))
                        .toList();
        List<TrackSummary> visitors =
                reader.read(tracks, since).stream()
                        .filter(track -> range.contains(track.getLastSeen()))
                        .sorted(
                                Comparator.comparing(TrackSummary::getSite)
                                        .thenComparing(TrackSummary::getCamera)
                                        .thenComparing(TrackSummary::getFirstSeen)
                                        .thenComparing(TrackSummary::getLastSeen))
                        .toList();
        List<FaceObservation> faces =
                reader.read(observations, range.from()).stream()
                        .filter(face -> range.contains(face.getFrameTime()))
                        .toList();
        return new RangeSnapshot(windows, visitors, faces);
    }
}
