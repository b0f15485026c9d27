package io.headcount.app;

import io.headcount.core.kafka.KafkaClientSecurity;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.TopicProvisioner;
import io.headcount.schemas.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headcount topics}: creates every topic of the product (and its dead-letter topic) on a
 * Kafka cluster with the settings the product needs, before the services start.
 */
@Command(
        name = "topics",
        header = "Creates the product's topics with their settings on a Kafka cluster.",
        footer = {
            "",
            "Example:",
            "  bin/headcount topics --bootstrap-servers kafka:9092 --partitions 12"
        },
        mixinStandardHelpOptions = true,
        description = {
            "Creates the product's topics (frames, face-observations, frames-processed, tracks,",
            "audience-stats and their .dlq topics) with their retention and message-size settings.",
            "Topics that exist are left as they are."
        })
final class TopicsCommand implements Callable<Integer> {

    @Option(
            names = "--bootstrap-servers",
            required = true,
            paramLabel = "HOST:PORT",
            description = "The Kafka cluster.")
    String bootstrapServers;

    @Option(
            names = "--partitions",
            defaultValue = "6",
            description =
                    "Partitions of each new topic; cameras are keyed to partitions (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--replication-factor",
            defaultValue = "1",
            description = "Replicas of each new topic (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Option(
            names = "--timeout",
            converter = DurationConverter.class,
            defaultValue = "1m",
            description = "How long to wait for the cluster (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, Object> config =
                new HashMap<>(KafkaClientSecurity.fromEnvironment().clientProperties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try {
            create(config, partitions, replicationFactor, timeout, spec.commandLine().getOut());
            return 0;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("Could not create the topics: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Creates every topic of the product that is missing on the cluster {@code adminConfig} names,
     * and prints one line per topic: created or exists.
     *
     * @throws IllegalStateException if the cluster refuses or does not answer within {@code
     *     timeout}
     */
    static void create(
            Map<String, Object> adminConfig,
            int partitions,
            short replicationFactor,
            Duration timeout,
            PrintWriter out) {
        List<Topic<?, ?>> topics = Topics.all();
        Map<String, Object> config = new HashMap<>(adminConfig);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        // Named: the CLI's logging quiets only unnamed admin clients (a connector's leaked one).
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "headcount-topics");
        try (Admin admin = Admin.create(config)) {
            List<String> created =
                    new TopicProvisioner(admin, timeout)
                            .create(topics, partitions, replicationFactor);
            for (Topic<?, ?> topic : topics) {
                out.printf(
                        "%-28s %s%n",
                        topic.name(), created.contains(topic.name()) ? "created" : "exists");
            }
            out.flush();
        }
    }
}
