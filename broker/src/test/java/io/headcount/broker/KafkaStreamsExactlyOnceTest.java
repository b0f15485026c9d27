package io.headcount.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.schemas.topics.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's single-node settings let a Kafka Streams app run exactly-once (EOS v2) at once. */
class KafkaStreamsExactlyOnceTest {

    @Test
    void anExactlyOnceCountReachesReadCommittedConsumersWithinSeconds(@TempDir Path stateDir) {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            Topic<String, String> input =
                    new Topic<>("observations", Serdes.String(), Serdes.String(), Map.of());
            Topic<String, Long> output =
                    new Topic<>("counts", Serdes.String(), Serdes.Long(), Map.of());
            kafka.createTopics(List.of(input, output));

            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(input.name(), Consumed.with(Serdes.String(), Serdes.String()))
                    .groupByKey()
                    .count(
                            Materialized.<String, Long>as(
                                            Stores.inMemoryKeyValueStore("counts-store"))
                                    .withKeySerde(Serdes.String())
                                    .withValueSerde(Serdes.Long()))
                    .toStream()
                    .to(output.name(), Produced.with(Serdes.String(), Serdes.Long()));
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, "eos-test-" + UUID.randomUUID());
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);

            long started = System.nanoTime();
            try (KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
                streams.start();
                try (KafkaProducer<String, String> producer =
                        new KafkaProducer<>(
                                Map.of(
                                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        kafka.bootstrapServers()),
                                new StringSerializer(),
                                new StringSerializer())) {
                    producer.send(new ProducerRecord<>(input.name(), "cam-a", "face"));
                    producer.send(new ProducerRecord<>(input.name(), "cam-a", "face"));
                    producer.send(new ProducerRecord<>(input.name(), "cam-b", "face"));
                }

                Map<String, Long> latest =
                        readCommitted(
                                kafka,
                                output.name(),
                                Map.of("cam-a", 2L, "cam-b", 1L),
                                Duration.ofSeconds(40));

                assertThat(latest).containsEntry("cam-a", 2L).containsEntry("cam-b", 1L);
                // Without one-replica transaction settings the first transaction alone takes a
                // minute.
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .isLessThan(Duration.ofSeconds(30));
                streams.close(Duration.ofSeconds(10));
            }
        }
    }

    private static Map<String, Long> readCommitted(
            EmbeddedKafkaBroker kafka, String topic, Map<String, Long> expected, Duration timeout) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "reader-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed");
        Map<String, Long> latest = new HashMap<>();
        try (KafkaConsumer<String, Long> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new LongDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!latest.equals(expected) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(record -> latest.put(record.key(), record.value()));
            }
        }
        return latest;
    }
}
