package io.headcount.inference.records;

import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;

/**
 * The topics a serializer writes to, as the Kafka sink asks for them: its pooled transactional ids
 * are found again after a restart by listing the producers of these topics.
 */
final class TargetTopics {

    private TargetTopics() {}

    static Optional<KafkaDatasetFacet> facet(List<String> topics) {
        return Optional.of(
                new DefaultKafkaDatasetFacet(DefaultKafkaDatasetIdentifier.ofTopics(topics)));
    }
}
