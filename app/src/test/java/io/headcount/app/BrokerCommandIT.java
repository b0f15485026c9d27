package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.app.faults.ChildJvm;
import io.headcount.embedded.CommittedFeed;
import io.headcount.schemas.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code headcount broker --data DIR} as a user runs it, in a process of its own: stopped as Ctrl-C
 * stops it (SIGTERM, shutdown hooks run) and started again on the same folder, it still has the
 * product's topics and the records written before.
 */
class BrokerCommandIT {

    private static final Pattern ADDRESS =
            Pattern.compile(
                    "^Kafka broker at (localhost:\\d+) \\((new|kept) data in ", Pattern.MULTILINE);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @TempDir Path work;

    @Test
    void aRestartOnTheSameDataFolderKeepsTheTopicsAndARecordWrittenBefore() throws Exception {
        Path data = work.resolve("kafka");
        byte[] value = "written before the restart".getBytes(StandardCharsets.UTF_8);

        Path firstLog = work.resolve("first.log");
        try (ChildJvm broker = startBroker(data, firstLog)) {
            Matcher started = awaitStarted(broker, firstLog);
            assertThat(started.group(2)).isEqualTo("new");
            assertThat(Files.readString(firstLog))
                    .containsPattern("(?m)^" + Topics.FRAMES.name() + " +created$");
            produce(started.group(1), value);

            int exit = broker.stop();

            String log = Files.readString(firstLog);
            assertThat(log).as(log).contains("Broker stopped; its data stay in ");
            // A JVM ended by SIGTERM exits with 128 + 15 once its shutdown hooks are done.
            assertThat(exit).as(log).isEqualTo(143);
        }

        Path secondLog = work.resolve("second.log");
        try (ChildJvm broker = startBroker(data, secondLog)) {
            Matcher started = awaitStarted(broker, secondLog);
            assertThat(started.group(2)).isEqualTo("kept");
            assertThat(Files.readString(secondLog))
                    .containsPattern("(?m)^" + Topics.FRAMES.name() + " +exists$");

            assertThat(readFrames(started.group(1)))
                    .containsExactly(new String(value, StandardCharsets.UTF_8));
        }
    }

    private ChildJvm startBroker(Path data, Path log) throws IOException {
        return ChildJvm.start(
                "broker",
                Headcount.class,
                List.of("broker", "--data", data.toString(), "--port", "0"),
                "512m",
                log);
    }

    private static Matcher awaitStarted(ChildJvm broker, Path log)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            Matcher matcher = ADDRESS.matcher(text);
            if (matcher.find()) {
                return matcher;
            }
            assertThat(broker.isAlive())
                    .as("broker still starting; its output:%n%s", text)
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("broker started within %s; its output:%n%s", START_TIMEOUT, text)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void produce(String bootstrapServers, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ProducerConfig.ACKS_CONFIG,
                                "all"),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.FRAMES.name(), value)).get();
        }
    }

    private static List<String> readFrames(String bootstrapServers) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                CommittedFeed.committedConsumer(
                        Map.of("bootstrap.servers", bootstrapServers), "broker-restart-test")) {
            CommittedFeed.assignFromBeginning(consumer, List.of(Topics.FRAMES.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
            // Anything else would have arrived with the first record, or within one more poll.
            consumer.poll(Duration.ofSeconds(1))
                    .forEach(
                            record ->
                                    values.add(new String(record.value(), StandardCharsets.UTF_8)));
        }
        return values;
    }
}
