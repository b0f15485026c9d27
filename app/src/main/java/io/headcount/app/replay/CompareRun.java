package io.headcount.app.replay;

import io.headcount.schemas.topics.Topics;
import java.time.Duration;
import java.util.Map;

/**
 * Reads production's outputs (the normal topics) and a candidate's shadow topics over one range and
 * compares them ({@link Comparison}).
 */
public final class CompareRun {

    private CompareRun() {}

    /**
     * @param clientConfig {@code bootstrap.servers} and any security settings of the cluster
     * @throws IllegalArgumentException when the candidate has no shadow topics (never replayed)
     */
    public static Map<String, Object> compare(
            Map<String, Object> clientConfig, TimeRange range, String candidate, Duration timeout) {
        TopicReader reader = new TopicReader(clientConfig, timeout);
        ShadowTopics shadow = ShadowTopics.of(candidate);
        if (!reader.exists(shadow.audienceStats().name())) {
            throw new IllegalArgumentException(
                    "No replay of model set "
                            + candidate
                            + " on this cluster (no topic "
                            + shadow.audienceStats().name()
                            + "): run headcount replay first");
        }
        RangeSnapshot production =
                RangeSnapshot.read(
                        reader,
                        range,
                        Topics.AUDIENCE_STATS,
                        Topics.TRACKS,
                        Topics.FACE_OBSERVATIONS);
        RangeSnapshot candidateSide =
                RangeSnapshot.read(
                        reader,
                        range,
                        shadow.audienceStats(),
                        shadow.tracks(),
                        shadow.observations());
        return Comparison.of(range, candidate, production, candidateSide);
    }
}
