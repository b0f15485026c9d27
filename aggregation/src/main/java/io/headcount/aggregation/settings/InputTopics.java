package io.headcount.aggregation.settings;

import io.headcount.schemas.topics.Topics;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/**
 * The two input topics, {@value SettingKeys#INPUT_TOPIC} and {@value SettingKeys#FRAMES_TOPIC}, and
 * where a bad record read from one of them goes. The dead-letter handlers read them from the
 * Streams settings, as Kafka Streams builds the handlers from those alone.
 *
 * @param observations the face observations topic
 * @param framesProcessed the processed frames topic
 */
public record InputTopics(String observations, String framesProcessed) {

    public InputTopics {
        Objects.requireNonNull(observations, "observations");
        Objects.requireNonNull(framesProcessed, "framesProcessed");
    }

    /**
     * @throws ConfigException for a topic setting that names no topic
     */
    public static InputTopics fromProperties(Map<?, ?> values) {
        return new InputTopics(
                topicName(values, SettingKeys.INPUT_TOPIC, Topics.FACE_OBSERVATIONS.name()),
                topicName(values, SettingKeys.FRAMES_TOPIC, Topics.FRAMES_PROCESSED.name()));
    }

    /**
     * Where a bad record read from {@code sourceTopic} goes: the source's own {@code <topic>.dlq}.
     * A record that fails after the repartition (whose topic is internal) goes to the
     * observations'.
     */
    public String deadLetterTopicOf(String sourceTopic) {
        boolean input = observations.equals(sourceTopic) || framesProcessed.equals(sourceTopic);
        return Topics.deadLettersOf(input ? sourceTopic : observations).name();
    }

    /**
     * The topic a setting names, {@code fallback} when unset.
     *
     * @throws ConfigException for a blank name
     */
    public static String topicName(Map<?, ?> values, String name, String fallback) {
        Object raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        String topic = raw.toString().trim();
        if (topic.isEmpty()) {
            throw new ConfigException(name, raw, "must name a topic");
        }
        return topic;
    }
}
