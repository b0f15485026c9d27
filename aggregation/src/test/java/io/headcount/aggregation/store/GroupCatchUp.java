package io.headcount.aggregation.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Waits for a consumer group to commit every record of a topic: the writer has stored them. */
final class GroupCatchUp {

    private GroupCatchUp() {}

    static void await(String bootstrapServers, String group, String topic, Duration timeout)
            throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest =
                        admin
                                .describeTopics(List.of(topic))
                                .allTopicNames()
                                .get()
                                .get(topic)
                                .partitions()
                                .stream()
                                .collect(
                                        Collectors.toMap(
                                                p -> new TopicPartition(topic, p.partition()),
                                                p -> OffsetSpec.latest()));
                boolean caughtUp = true;
                for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                    OffsetAndMetadata at = committed.get(end.getKey());
                    long position = at == null ? 0 : at.offset();
                    caughtUp &= position >= end.getValue().offset();
                }
                if (caughtUp) {
                    return;
                }
                assertThat(System.nanoTime())
                        .as("group %s caught up in time", group)
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }
}
