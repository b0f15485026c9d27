package io.headcount.aggregation.errors;

import io.headcount.aggregation.metrics.AggregationMetrics;
import io.headcount.aggregation.metrics.CameraHealth;
import io.headcount.aggregation.settings.InputTopics;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.DeadLetters;
import io.headcount.schemas.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Builds the dead-letter record that an exception handler hands back to Kafka Streams (KIP-1034),
 * so Streams produces it with the task's own producer, in the same exactly-once transaction as the
 * input offsets; and counts it. Each dead letter goes to the dead-letter topic of the failing
 * record's own source ({@link ErrorHandlerContext#topic()}): {@code face-observations.dlq} or
 * {@code frames-processed.dlq}, unless {@code errors.dead.letter.queue.topic.name} names one topic
 * for all.
 */
final class DeadLetterWriter {

    static final String STAGE_PREFIX = AggregationMetrics.COMPONENT + "/";

    private final UnaryOperator<String> deadLetterTopicOf;
    private final MeterRegistry registry;
    private final CameraHealth health;
    private final Serializer<DeadLetter> serializer;

    private DeadLetterWriter(
            UnaryOperator<String> deadLetterTopicOf, MeterRegistry registry, CameraHealth health) {
        this.deadLetterTopicOf = deadLetterTopicOf;
        this.registry = registry;
        this.health = health;
        this.serializer =
                Topics.deadLettersOf(Topics.FACE_OBSERVATIONS.name()).valueSerde().serializer();
    }

    /**
     * From the Streams settings a handler receives in {@code configure}: they hold the {@code
     * headcount.aggregation.*} options too, so the input topics are known.
     */
    static DeadLetterWriter fromConfigs(Map<String, ?> configs) {
        MeterRegistry registry = AggregationMetrics.registryFrom(configs);
        CameraHealth health = CameraHealth.from(configs);
        Object single = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (single != null && !single.toString().isBlank()) {
            String topic = single.toString().trim();
            return new DeadLetterWriter(source -> topic, registry, health);
        }
        InputTopics inputs = InputTopics.fromProperties(configs);
        return new DeadLetterWriter(inputs::deadLetterTopicOf, registry, health);
    }

    /** The dead-letter topic for a record read from {@code sourceTopic}. */
    String topicFor(String sourceTopic) {
        return deadLetterTopicOf.apply(sourceTopic);
    }

    /**
     * @param key the original key bytes, or null
     * @param value the original value bytes, or null
     */
    ProducerRecord<byte[], byte[]> deadLetter(
            ErrorHandlerContext context,
            byte[] key,
            byte[] value,
            String step,
            String reason,
            String detail) {
        long timestamp = context.timestamp();
        DeadLetter letter =
                DeadLetters.of(
                        context.topic(),
                        context.partition(),
                        context.offset(),
                        timestamp >= 0 ? timestamp : null,
                        key,
                        value,
                        STAGE_PREFIX + step,
                        reason,
                        detail);
        String topic = topicFor(context.topic());
        byte[] bytes = serializer.serialize(topic, letter);
        AggregationMetrics.deadLetters(registry, context.topic(), reason).increment();
        if (health != null && key != null) {
            // Input keys are camera ids (after the repartition, site/camera: the camera is last).
            String camera = new String(key, StandardCharsets.UTF_8);
            health.deadLettered(
                    camera.substring(camera.lastIndexOf('/') + 1),
                    reason,
                    System.currentTimeMillis());
        }
        // No timestamp: the producer stamps the time of failure, which is what the DLQ's retention
        // should follow.
        return new ProducerRecord<>(topic, null, null, key, bytes, null);
    }
}
