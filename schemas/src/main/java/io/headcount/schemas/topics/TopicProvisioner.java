package io.headcount.schemas.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the product's topics on a cluster, each with its own settings ({@link Topic#config()}:
 * retention, maximum message size). Topics that already exist are left as they are, so running it
 * again (each deployment does) is harmless. Used by {@code headcount topics} and the in-process
 * broker alike.
 */
public final class TopicProvisioner {

    private final Admin admin;
    private final Duration timeout;

    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Creates the missing topics and waits until every partition of every given topic has a leader
     * (a topic just created can be briefly leaderless, and producers would then wait).
     *
     * @return the names of the topics this call created
     * @throws IllegalStateException if the cluster refuses a topic or does not answer in time
     */
    public List<String> create(
            Collection<? extends Topic<?, ?>> topics, int partitions, short replicationFactor) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(
                    "replication factor must be at least 1, was " + replicationFactor);
        }
        List<NewTopic> newTopics = new ArrayList<>();
        for (Topic<?, ?> topic : topics) {
            newTopics.add(
                    new NewTopic(topic.name(), partitions, replicationFactor)
                            .configs(topic.config()));
        }
        if (newTopics.isEmpty()) {
            return List.of();
        }
        Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics).values();
        List<String> created = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                await(result.getValue());
                created.add(result.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(
                            "Could not create topic " + result.getKey() + ": " + e.getCause(),
                            e.getCause());
                }
            }
        }
        awaitLeaders(newTopics.stream().map(NewTopic::name).toList());
        return List.copyOf(created);
    }

    private void awaitLeaders(List<String> names) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> descriptions =
                        await(admin.describeTopics(names).allTopicNames());
                boolean ready =
                        descriptions.values().stream()
                                .flatMap(description -> description.partitions().stream())
                                .map(TopicPartitionInfo::leader)
                                .allMatch(leader -> leader != null && !leader.isEmpty());
                if (ready) {
                    return;
                }
            } catch (ExecutionException e) {
                // Metadata not propagated yet (UnknownTopicOrPartition); try again.
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Topics " + names + " have no leader after " + timeout);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for topic leaders", e);
            }
        }
    }

    private <T> T await(KafkaFuture<T> future) throws ExecutionException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the cluster", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The cluster did not answer within " + timeout, e);
        }
    }
}
