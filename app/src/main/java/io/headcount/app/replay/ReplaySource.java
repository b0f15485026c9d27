package io.headcount.app.replay;

import io.headcount.inference.kafka.KafkaConnectors;
import io.headcount.inference.records.RawRecord;
import io.headcount.inference.records.RawRecordDeserializer;
import io.headcount.inference.settings.JobOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The frames of a time range: a bounded Kafka source that starts, on each partition, at the first
 * record whose Kafka timestamp (the capture time, set by the gateway) is at or after the range's
 * start, and stops before the first at or after its end. Like the production source it reads raw
 * bytes, committed records only.
 *
 * <p>Offsets by timestamp assume a partition's timestamps rise: a record stamped out of order
 * (cameras with skewed clocks on one partition) near an end can fall on the wrong side of it.
 */
final class ReplaySource {

    private ReplaySource() {}

    static KafkaSource<RawRecord> of(JobOptions options, TimeRange range) {
        KafkaSourceBuilder<RawRecord> builder =
                KafkaSource.<RawRecord>builder()
                        .setBootstrapServers(options.bootstrapServers())
                        .setTopics(options.framesTopic())
                        .setGroupId(options.groupId())
                        .setClientIdPrefix(options.groupId())
                        .setStartingOffsets(
                                OffsetsInitializer.timestamp(range.from().toEpochMilli()))
                        .setBounded(OffsetsInitializer.timestamp(range.to().toEpochMilli()))
                        .setDeserializer(new RawRecordDeserializer())
                        .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                        // A replay commits no offsets: the range, not a group, says what to read.
                        .setProperty("commit.offsets.on.checkpoint", "false");
        KafkaConnectors.securityProperties(options).forEach(builder::setProperty);
        return builder.build();
    }
}
