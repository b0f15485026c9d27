package io.headcount.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;

class KafkaBrokerExtensionTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withTopics(Topics.all());

    @Test
    void aFrameWithARealJpegMakesTheRoundTripThroughTheFramesTopic() throws Exception {
        Path image =
                SharedAssets.data(
                        "faces-sex/utkface_crop_part1/100_1_0_20170110183726390.jpg.chip.jpg");
        byte[] jpeg = Files.readAllBytes(image);
        FrameEvent frame =
                FrameEvent.newBuilder()
                        .setSite("site-1")
                        .setCamera("cam-1")
                        .setGateway("gw-1")
                        .setSequence(42)
                        // Recent: the topic refuses frames stamped further back than it keeps them.
                        .setCaptureTime(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                        .setWidth(200)
                        .setHeight(200)
                        .setJpeg(ByteBuffer.wrap(jpeg))
                        .build();

        KAFKA.produce(Topics.FRAMES, "cam-1", frame, frame.getCaptureTime());

        List<ConsumerRecord<String, FrameEvent>> records =
                KAFKA.consume(Topics.FRAMES, 1, Duration.ofSeconds(10));
        assertThat(records).hasSize(1);
        ConsumerRecord<String, FrameEvent> record = records.get(0);
        assertThat(record.key()).isEqualTo("cam-1");
        assertThat(record.timestamp()).isEqualTo(frame.getCaptureTime().toEpochMilli());
        assertThat(record.value()).isEqualTo(frame);
        byte[] received = new byte[record.value().getJpeg().remaining()];
        record.value().getJpeg().get(received);
        assertThat(received).isEqualTo(jpeg);
    }

    @Test
    void consumeFailsWithTheNumberOfRecordsThatArrived() {
        Topic<String, String> topic = newStringTopic();
        KAFKA.produce(topic, "k", "only one");

        assertThatThrownBy(() -> KAFKA.consume(topic, 3, Duration.ofSeconds(3)))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("at least 3 record(s)")
                .hasMessageContaining(topic.name())
                .hasMessageContaining("only 1 arrived");
    }

    @Test
    void consumeForReturnsEverythingThatArrivesInTime() {
        Topic<String, String> topic = newStringTopic();
        for (int i = 0; i < 5; i++) {
            KAFKA.produce(topic, "k" + i, "v" + i);
        }

        assertThat(KAFKA.consumeFor(topic, Duration.ofSeconds(4)))
                .extracting(ConsumerRecord::value)
                .containsExactly("v0", "v1", "v2", "v3", "v4");
    }

    @Test
    void consumeReadsOnlyCommittedTransactions() throws Exception {
        Topic<String, String> topic = newStringTopic();
        Map<String, Object> config = KAFKA.producerConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "testkit-" + UUID.randomUUID());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic.name(), "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic.name(), "k", "committed"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic.name(), "k", "still open"));
            producer.flush();

            // The open transaction holds back everything after it, the aborted one is filtered out.
            assertThat(KAFKA.consume(topic, 1, Duration.ofSeconds(20)))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("committed");
            producer.abortTransaction();
        }
    }

    @Test
    void rawBytesThatNoSerdeWroteCanBeProducedAndRead() {
        Topic<String, FrameEvent> frames = Topics.FRAMES.renamed("frames-" + UUID.randomUUID());
        KAFKA.createTopics(frames);
        byte[] garbage = "not an avro frame".getBytes(StandardCharsets.UTF_8);

        KAFKA.produceBytes(frames.name(), "cam-1".getBytes(StandardCharsets.UTF_8), garbage);

        assertThat(KAFKA.consumeBytes(frames.name(), 1, Duration.ofSeconds(10)).get(0).value())
                .isEqualTo(garbage);
        assertThatThrownBy(() -> KAFKA.consume(frames, 1, Duration.ofSeconds(10)))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("offset 0")
                .hasMessageContaining("does not decode");
    }

    @Test
    void clientConfigsReachTheBroker() {
        assertThat(KAFKA.bootstrapServers()).startsWith("localhost:");
        assertThat(KAFKA.producerConfig())
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        assertThat(KAFKA.consumerConfig("g"))
                .containsEntry("group.id", "g")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("auto.offset.reset", "earliest");
    }

    @Test
    void consumingATopicThatDoesNotExistSaysSo() {
        Topic<String, String> missing =
                new Topic<>(
                        "missing-" + UUID.randomUUID(), Serdes.String(), Serdes.String(), Map.of());
        assertThatThrownBy(() -> KAFKA.consume(missing, 1, Duration.ofSeconds(1)))
                .hasMessageContaining("does not exist");
    }

    @Nested
    class NestedClasses {
        @Test
        void shareTheBrokerOfTheirEnclosingClass() {
            Topic<String, String> topic = newStringTopic();
            KAFKA.produce(topic, "nested", "works");
            assertThat(KAFKA.consume(topic, 1, Duration.ofSeconds(10)))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("works");
        }
    }

    private static Topic<String, String> newStringTopic() {
        Topic<String, String> topic =
                new Topic<>(
                        "test-" + UUID.randomUUID(), Serdes.String(), Serdes.String(), Map.of());
        KAFKA.createTopics(topic);
        return topic;
    }
}
