package io.headcount.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CommittedFeedTest {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @Test
    void followsCommittedRecordsOfEveryTopicFromTheBeginningAndStopsOnClose() throws Exception {
        createTopics("feed-a", "feed-b");
        KAFKA.produceBytes("feed-a", null, bytes("a1"));
        writeTransaction("feed-a", "aborted", false);
        writeTransaction("feed-b", "b1", true);
        List<String> seen = new CopyOnWriteArrayList<>();
        CommittedFeed<String, String> feed =
                CommittedFeed.of(
                                KAFKA.bootstrapServers(),
                                "feed-test",
                                new StringDeserializer(),
                                new StringDeserializer())
                        .topics(List.of("feed-a", "feed-b"))
                        .start(records -> records.forEach(r -> seen.add(r.value())));
        try {
            KAFKA.produceBytes("feed-b", null, bytes("b2"));
            awaitSize(seen, 3);
            Thread.sleep(300);
            assertThat(seen).containsExactlyInAnyOrder("a1", "b1", "b2");
        } finally {
            feed.close();
        }
        Thread poller =
                Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("feed-test"))
                        .findFirst()
                        .orElse(null);
        assertThat(poller).isNull();
    }

    @Test
    void aFailingHandlerEndsTheFeedAndIsReported() throws Exception {
        createTopics("feed-c");
        KAFKA.produceBytes("feed-c", null, bytes("c1"));
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try (CommittedFeed<byte[], byte[]> feed =
                CommittedFeed.of(KAFKA.bootstrapServers(), "feed-failing")
                        .topics(List.of("feed-c"))
                        .poll(Duration.ofMillis(50))
                        .onFailure(failure::set)
                        .start(
                                records -> {
                                    if (!records.isEmpty()) {
                                        throw new IllegalStateException("unreadable");
                                    }
                                })) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (failure.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(failure.get()).hasMessage("unreadable");
        }
    }

    @Test
    void theConsumerOfItsOwnReadsCommittedOrEverything() throws Exception {
        createTopics("feed-d");
        writeTransaction("feed-d", "open-then-aborted", false);
        Map<String, Object> config =
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> committed =
                        CommittedFeed.committedConsumer(config, "feed-committed");
                KafkaConsumer<String, String> everything =
                        CommittedFeed.consumer(
                                config,
                                null,
                                IsolationLevel.READ_UNCOMMITTED,
                                new StringDeserializer(),
                                new StringDeserializer())) {
            CommittedFeed.assignFromBeginning(committed, List.of("feed-d"));
            CommittedFeed.assignFromBeginning(everything, List.of("feed-d"));
            assertThat(committed.poll(Duration.ofSeconds(2))).isEmpty();
            List<String> all = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (all.isEmpty() && System.nanoTime() < deadline) {
                everything.poll(Duration.ofMillis(200)).forEach(r -> all.add(r.value()));
            }
            assertThat(all).containsExactly("open-then-aborted");
        }
    }

    private static void createTopics(String... names) throws Exception {
        try (var admin =
                org.apache.kafka.clients.admin.Admin.create(
                        Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            admin.createTopics(
                            java.util.Arrays.stream(names)
                                    .map(
                                            name ->
                                                    new org.apache.kafka.clients.admin.NewTopic(
                                                            name, 2, (short) 1))
                                    .toList())
                    .all()
                    .get();
        }
    }

    private static void writeTransaction(String topic, String value, boolean commit) {
        Map<String, Object> config = KAFKA.producerConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "feed-test-" + UUID.randomUUID());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, bytes(value)));
            producer.flush();
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
        }
    }

    private static void awaitSize(List<String> seen, int size) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (seen.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
