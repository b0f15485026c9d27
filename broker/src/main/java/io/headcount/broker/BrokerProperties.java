package io.headcount.broker;

import io.headcount.schemas.topics.Topics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of a single-node KRaft broker that also acts as its own controller. The defaults
 * make a one-replica cluster behave: every internal topic gets replication factor 1, or
 * transactions and consumer groups wait forever for replicas that do not exist.
 */
final class BrokerProperties {

    static final int NODE_ID = 1;
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** A frame record of the largest accepted size plus headers and batch overhead. */
    static final int MAX_MESSAGE_BYTES = Topics.MAX_FRAME_BYTES + 64 * 1024;

    private BrokerProperties() {}

    /**
     * The broker's settings; {@code extra} wins over every default, so callers can tune anything
     * (at their own risk for the listener and quorum settings).
     */
    static Map<String, String> of(
            int brokerPort, int controllerPort, Path logDir, Map<String, String> extra) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        props.put(
                "listeners",
                BROKER_LISTENER
                        + "://localhost:"
                        + brokerPort
                        + ","
                        + CONTROLLER_LISTENER
                        + "://localhost:"
                        + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://localhost:" + brokerPort);
        props.put(
                "listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("log.dirs", logDir.toString());
        props.put("metadata.log.dir", logDir.toString());

        // One node: every internal topic has one replica, and one partition keeps creation fast.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("num.partitions", "1");

        // Topics are created explicitly with their settings; a typo must not create a new topic.
        props.put("auto.create.topics.enable", "false");
        // Groups start consuming at once instead of waiting 3 s for more members.
        props.put("group.initial.rebalance.delay.ms", "0");

        // Frames are up to Topics.MAX_FRAME_BYTES.
        props.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        props.put("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));

        // The default log cleaner buffer is 128 MiB of heap; a small broker needs far less.
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        props.put("log.cleaner.threads", "1");

        props.putAll(extra);
        return props;
    }
}
