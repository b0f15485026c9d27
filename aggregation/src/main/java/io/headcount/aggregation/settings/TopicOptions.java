package io.headcount.aggregation.settings;

import io.headcount.schemas.topics.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/** The topics the aggregation reads and writes. */
public final class TopicOptions {

    /**
     * Observations input topic; default {@code face-observations}. A replay of a candidate model
     * uses another.
     */
    public static final String INPUT_TOPIC = SettingKeys.PREFIX + "input.topic";

    /** Processed frames input topic; default {@code frames-processed}. */
    public static final String FRAMES_TOPIC = SettingKeys.PREFIX + "frames.topic";

    /** Output topic; default {@code audience-stats}. */
    public static final String OUTPUT_TOPIC = SettingKeys.PREFIX + "output.topic";

    /** Output topic of the visitors' {@code TrackSummary}; default {@code tracks}. */
    public static final String TRACKS_TOPIC = SettingKeys.PREFIX + "tracks.topic";

    /**
     * The inference job's dead letters without the frames' bytes, read for the camera health lines;
     * default {@code dead-lettered-frames}; empty: not read.
     */
    public static final String DEAD_LETTERED_FRAMES_TOPIC =
            SettingKeys.PREFIX + "dead.lettered.frames.topic";

    private TopicOptions() {}

    /** {@value #DEAD_LETTERED_FRAMES_TOPIC}, unless set empty. */
    public static Optional<String> deadLetteredFrames(Map<?, ?> properties) {
        String topic =
                SettingValues.read(
                                properties,
                                Map.of(
                                        DEAD_LETTERED_FRAMES_TOPIC,
                                        Topics.DEAD_LETTERED_FRAMES.name()))
                        .string(DEAD_LETTERED_FRAMES_TOPIC)
                        .strip();
        return topic.isEmpty() ? Optional.empty() : Optional.of(topic);
    }

    /** The two input topics' keys and defaults. */
    public static Map<String, String> inputDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(INPUT_TOPIC, Topics.FACE_OBSERVATIONS.name());
        defaults.put(FRAMES_TOPIC, Topics.FRAMES_PROCESSED.name());
        return defaults;
    }

    /** Every topic key and its default. */
    public static Map<String, String> defaults() {
        Map<String, String> defaults = inputDefaults();
        defaults.put(OUTPUT_TOPIC, Topics.AUDIENCE_STATS.name());
        defaults.put(TRACKS_TOPIC, Topics.TRACKS.name());
        return defaults;
    }

    /**
     * @throws ConfigException when both inputs are one topic
     */
    public static void requireDistinctInputs(String observations, String framesProcessed) {
        if (framesProcessed.equals(observations)) {
            throw new ConfigException(
                    FRAMES_TOPIC, framesProcessed, "must differ from " + INPUT_TOPIC);
        }
    }
}
