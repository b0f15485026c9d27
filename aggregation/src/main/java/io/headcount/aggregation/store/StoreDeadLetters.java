package io.headcount.aggregation.store;

import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.DeadLetters;
import io.headcount.schemas.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Sends the bad records of a batch to the dead-letter topic and counts them. {@link #flush()} waits
 * until the broker has them all, so the writer commits the batch's offsets only after that.
 */
final class StoreDeadLetters {

    static final String STAGE_DECODE = StoreMetrics.COMPONENT + "/decode";
    static final String STAGE_VALIDATE = StoreMetrics.COMPONENT + "/validate";
    static final String STAGE_STORE = StoreMetrics.COMPONENT + "/store";

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final MeterRegistry registry;
    private final Serializer<DeadLetter> serializer;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();

    StoreDeadLetters(Producer<byte[], byte[]> producer, String topic, MeterRegistry registry) {
        this.producer = producer;
        this.topic = topic;
        this.registry = registry;
        this.serializer =
                Topics.deadLettersOf(Topics.AUDIENCE_STATS.name()).valueSerde().serializer();
    }

    void send(ConsumerRecord<byte[], byte[]> record, String stage, String reason, String detail) {
        DeadLetter letter =
                DeadLetters.of(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp() >= 0 ? record.timestamp() : null,
                        record.key(),
                        record.value(),
                        stage,
                        reason,
                        detail);
        pending.add(
                producer.send(
                        new ProducerRecord<>(
                                topic, record.key(), serializer.serialize(topic, letter))));
        StoreMetrics.deadLetters(registry, record.topic(), reason).increment();
    }

    /** Waits for every dead letter sent since the last flush; throws if the broker refused one. */
    void flush() {
        producer.flush();
        try {
            for (Future<RecordMetadata> sent : pending) {
                sent.get();
            }
        } catch (ExecutionException e) {
            throw new KafkaException("Could not write a dead letter to " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while writing dead letters to " + topic, e);
        } finally {
            pending.clear();
        }
    }
}
