package io.headcount.app.replay;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.TrackSummary;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The topics of a candidate model set's replay: each production topic with the suffix {@code
 * .shadow.<modelSet>}, the same settings, so nothing a replay writes mixes with production data.
 *
 * @param modelSet the candidate's model set, e.g. {@code candidate-2026.12}
 */
public record ShadowTopics(
        String modelSet,
        Topic<String, FaceObservation> observations,
        Topic<String, FrameProcessed> framesProcessed,
        Topic<String, TrackSummary> tracks,
        Topic<String, AudienceStats> audienceStats,
        Topic<byte[], DeadLetter> frameDeadLetters) {

    public static final String SUFFIX = ".shadow.";

    private static final Pattern TOPIC_CHARACTERS = Pattern.compile("[a-zA-Z0-9._-]+");

    /** The shadow topics of {@code modelSet}; refuses a name Kafka would not take in a topic. */
    public static ShadowTopics of(String modelSet) {
        if (!TOPIC_CHARACTERS.matcher(modelSet).matches()) {
            throw new IllegalArgumentException(
                    "model set "
                            + modelSet
                            + " cannot name a topic: use letters, digits, '.', '_' and '-' only");
        }
        String suffix = SUFFIX + modelSet;
        return new ShadowTopics(
                modelSet,
                Topics.FACE_OBSERVATIONS.renamed(Topics.FACE_OBSERVATIONS.name() + suffix),
                Topics.FRAMES_PROCESSED.renamed(Topics.FRAMES_PROCESSED.name() + suffix),
                Topics.TRACKS.renamed(Topics.TRACKS.name() + suffix),
                Topics.AUDIENCE_STATS.renamed(Topics.AUDIENCE_STATS.name() + suffix),
                Topics.deadLettersOf(Topics.FRAMES.name())
                        .renamed(Topics.deadLettersOf(Topics.FRAMES.name()).name() + suffix));
    }

    /**
     * Every topic a replay writes, with the aggregation's dead-letter topics of its inputs ({@code
     * <input>.dlq}, where the app sends bad records of a source).
     */
    public List<Topic<?, ?>> all() {
        return List.of(
                observations,
                framesProcessed,
                tracks,
                audienceStats,
                frameDeadLetters,
                Topics.deadLettersOf(observations.name()),
                Topics.deadLettersOf(framesProcessed.name()),
                Topics.deadLettersOf(audienceStats.name()));
    }

    public List<String> names() {
        return all().stream().map(Topic::name).toList();
    }
}
