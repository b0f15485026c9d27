package io.headcount.app.replay;

import io.headcount.schemas.topics.TopicProvisioner;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;

/**
 * The topics a replay owns: it replaces the candidate's shadow topics (a replay's result is the
 * candidate's, not added to an earlier one) and removes the aggregation's internal topics and
 * consumer group of its run afterwards.
 */
final class ReplayTopics implements AutoCloseable {

    private final Admin admin;
    private final Duration timeout;

    ReplayTopics(Map<String, Object> clientConfig, Duration timeout) {
        Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        // Named: the CLI's logging quiets only unnamed admin clients (a connector's leaked one).
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "headcount-replay");
        this.admin = Admin.create(config);
        this.timeout = timeout;
    }

    int partitionsOf(String topic) throws Exception {
        return get(admin.describeTopics(List.of(topic)).allTopicNames())
                .get(topic)
                .partitions()
                .size();
    }

    /** Deletes the shadow topics that exist and creates them afresh, empty. */
    void recreate(ShadowTopics topics, int partitions) throws Exception {
        deleteAndAwait(topics.names());
        new TopicProvisioner(admin, timeout).create(topics.all(), partitions, replicationFactor());
    }

    /** Removes what a finished aggregation run leaves: internal topics and its consumer group. */
    void removeApplication(String applicationId) throws Exception {
        Set<String> internal = new HashSet<>();
        for (String name : get(admin.listTopics().names())) {
            if (name.startsWith(applicationId + "-")) {
                internal.add(name);
            }
        }
        deleteAndAwait(internal);
        try {
            get(admin.deleteConsumerGroups(List.of(applicationId)).all());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)
                    && !(e.getCause() instanceof GroupNotEmptyException)) {
                throw e;
            }
        }
    }

    private void deleteAndAwait(java.util.Collection<String> names) throws Exception {
        Set<String> existing = new HashSet<>(get(admin.listTopics().names()));
        existing.retainAll(names);
        if (existing.isEmpty()) {
            return;
        }
        get(admin.deleteTopics(existing).all());
        // Deletion finishes asynchronously; a topic of the same name cannot be created before.
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> left = new HashSet<>(get(admin.listTopics().names()));
            left.retainAll(existing);
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Topics " + left + " not deleted within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** As many replicas as the cluster has brokers, up to 3. */
    private short replicationFactor() throws Exception {
        return (short) Math.min(3, get(admin.describeCluster().nodes()).size());
    }

    private <T> T get(org.apache.kafka.common.KafkaFuture<T> future) throws Exception {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "The Kafka cluster did not answer within " + timeout, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
