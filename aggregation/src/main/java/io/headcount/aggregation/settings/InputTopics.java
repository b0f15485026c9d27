package io.headcount.aggregation.settings;

import io.headcount.schemas.topics.Topics;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/**
 * The two input topics, {@value TopicOptions#INPUT_TOPIC} and {@value TopicOptions#FRAMES_TOPIC},
 * and where a bad record read from one of them goes. The dead-letter handlers read them from the
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
    public static InputTopics fromProperties(Map<?, ?> properties) {
        SettingValues values = SettingValues.read(properties, TopicOptions.inputDefaults());
        return new InputTopics(
                values.topic(TopicOptions.INPUT_TOPIC), values.topic(TopicOptions.FRAMES_TOPIC));
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
}
