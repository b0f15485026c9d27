package io.headcount.inference.kafka;

import io.headcount.core.kafka.KafkaClientSecurity;
import io.headcount.inference.records.DeadLetterSerializer;
import io.headcount.inference.records.EncodedRecord;
import io.headcount.inference.records.EncodedRecordSerializer;
import io.headcount.inference.records.FaceObservationSerializer;
import io.headcount.inference.records.FrameProcessedSerializer;
import io.headcount.inference.records.RawRecord;
import io.headcount.inference.records.RawRecordDeserializer;
import io.headcount.inference.settings.JobOptions;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.topics.Topics;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The production source and sinks of the inference job, built from its options. */
public final class KafkaConnectors {

    /** Dead letters carry the whole source frame, so the producer must accept the largest frame. */
    static final int MAX_DEAD_LETTER_BYTES = Topics.MAX_FRAME_BYTES + 64 * 1024;

    private KafkaConnectors() {}

    /**
     * Raw records of the frames topic. Reads only committed records (gateways may write
     * transactionally) and, in bounded mode, stops at the end offsets seen when the job starts.
     */
    public static KafkaSource<RawRecord> framesSource(JobOptions options) {
        KafkaSourceBuilder<RawRecord> builder =
                KafkaSource.<RawRecord>builder()
                        .setBootstrapServers(options.bootstrapServers())
                        .setTopics(options.framesTopic())
                        .setGroupId(options.groupId())
                        .setClientIdPrefix(options.groupId())
                        .setStartingOffsets(startingOffsets(options))
                        .setDeserializer(new RawRecordDeserializer())
                        .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        securityProperties(options).forEach(builder::setProperty);
        if (options.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * Both result topics (face observations and frames processed) through one producer, so one
     * transaction per checkpoint makes a frame's records visible on both topics together.
     */
    public static KafkaSink<EncodedRecord> resultsSink(JobOptions options) {
        return sink(
                options,
                new EncodedRecordSerializer(
                        List.of(options.observationsTopic(), options.framesProcessedTopic())),
                "results",
                1024 * 1024);
    }

    /** Face observations, keyed by camera id, transactional when exactly-once. */
    public static KafkaSink<FaceObservation> observationsSink(JobOptions options) {
        return sink(
                options,
                new FaceObservationSerializer(options.observationsTopic()),
                "observations",
                1024 * 1024);
    }

    /** One record per processed frame and per end of stream, keyed by camera id. */
    public static KafkaSink<FrameProcessed> framesProcessedSink(JobOptions options) {
        return sink(
                options,
                new FrameProcessedSerializer(options.framesProcessedTopic()),
                "frames-processed",
                1024 * 1024);
    }

    /** Dead letters of the frames topic. */
    public static KafkaSink<DeadLetter> deadLettersSink(JobOptions options) {
        return sink(
                options,
                new DeadLetterSerializer(options.deadLettersTopic()),
                "dead-letters",
                MAX_DEAD_LETTER_BYTES);
    }

    /**
     * The same dead letters without the frames' bytes ({@link DeadLetterSerializer#withoutValue}),
     * keyed by camera: what the aggregation's camera health reads.
     */
    public static KafkaSink<DeadLetter> deadLetteredFramesSink(JobOptions options) {
        return sink(
                options,
                DeadLetterSerializer.withoutValue(options.deadLetteredFramesTopic()),
                "dead-lettered-frames",
                1024 * 1024);
    }

    private static <T> KafkaSink<T> sink(
            JobOptions options,
            KafkaRecordSerializationSchema<T> serializer,
            String name,
            int maxRequestBytes) {
        KafkaSinkBuilder<T> builder = KafkaSink.<T>builder();
        securityProperties(options).forEach(builder::setProperty);
        return builder.setBootstrapServers(options.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(
                        options.exactlyOnce()
                                ? DeliveryGuarantee.EXACTLY_ONCE
                                : DeliveryGuarantee.AT_LEAST_ONCE)
                // Each sink needs its own prefix: two sinks sharing one would fence each other's
                // transactions.
                .setTransactionalIdPrefix(options.transactionalIdPrefix() + "-" + name)
                // The default names a new transactional id at every checkpoint, and the broker
                // keeps each one for transactional.id.expiration.ms (7 days): with a checkpoint a
                // second that is 600,000 ids a week per sink and subtask in the coordinator's
                // memory. A pool reuses the ids of committed transactions.
                .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
                .setProperty(
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                        Long.toString(options.transactionTimeout().toMillis()))
                .setProperty(
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxRequestBytes))
                .build();
    }

    /**
     * TLS and SASL client properties from the {@code kafka.security.protocol}, {@code kafka.sasl.*}
     * and {@code kafka.ssl.*} options, else the {@code HEADCOUNT_KAFKA_*} environment variables
     * (the only place for a password as such; files are the other way).
     *
     * @throws io.headcount.core.kafka.KafkaSecurityException naming a bad or missing setting
     */
    public static Map<String, String> securityProperties(JobOptions options) {
        return KafkaClientSecurity.from(options.asMap(), System::getenv).clientProperties();
    }

    @SuppressWarnings("deprecation") // the connector's API still takes Kafka's OffsetResetStrategy
    private static OffsetsInitializer startingOffsets(JobOptions options) {
        return switch (options.startingOffsets()) {
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
        };
    }
}
