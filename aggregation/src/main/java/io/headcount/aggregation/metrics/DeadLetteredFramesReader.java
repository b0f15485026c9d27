package io.headcount.aggregation.metrics;

import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the inference job's dead letters into the {@link CameraHealth} lines: reads {@code
 * dead-lettered-frames} (the job's dead letters without the frames' bytes, so no pixel reaches this
 * service) and records each one's camera (the record's key), reason and time.
 *
 * <p>Every instance reads every partition, from the end it finds at start (the lines start afresh
 * with the instance, as the rest of them do), outside any consumer group: the camera's line then
 * holds the same inference dead letters on whichever instance answers for it. Only committed
 * records ({@code read_committed}: the job writes them in its checkpoints' transactions). A topic
 * that does not exist yet is looked for again every {@link #PARTITION_CHECK}; its partitions found
 * later are read from their start. A notice that cannot be decoded is logged and counted in {@code
 * headcount.dead.letters{topic=dead-lettered-frames, reason=UNDECODABLE}}; it names no camera.
 */
public final class DeadLetteredFramesReader implements AutoCloseable {

    /** How often the topic's partitions are looked up again. */
    static final Duration PARTITION_CHECK = Duration.ofSeconds(30);

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetteredFramesReader.class);

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<DeadLetter> notices;
    private final CameraHealth health;
    private final Counter undecodable;
    private final Clock clock;
    private final Thread thread;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private volatile boolean stopping;
    private boolean started;

    /**
     * @param clientSettings the app's Kafka client settings (bootstrap servers, security); only the
     *     consumer's are taken
     */
    public DeadLetteredFramesReader(
            String topic,
            Map<?, ?> clientSettings,
            String clientId,
            CameraHealth health,
            MeterRegistry registry) {
        this.topic = topic;
        this.health = health;
        this.clock = Clock.systemUTC();
        this.notices = Topics.DEAD_LETTERED_FRAMES.valueSerde().deserializer();
        this.undecodable = AggregationMetrics.deadLetters(registry, topic, "UNDECODABLE");
        Properties config = new Properties();
        clientSettings.forEach(
                (key, value) -> {
                    if (ConsumerConfig.configNames().contains(String.valueOf(key))) {
                        config.put(String.valueOf(key), value);
                    }
                });
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(config);
        this.thread = new Thread(this::run, clientId);
        thread.setDaemon(true);
    }

    public synchronized void start() {
        started = true;
        thread.start();
    }

    private void run() {
        long nextCheck = 0;
        boolean first = true;
        try {
            while (!stopping) {
                if (System.nanoTime() - nextCheck >= 0) {
                    assignNewPartitions(first);
                    first = false;
                    nextCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(POLL.toMillis());
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    record(record);
                }
            }
        } catch (WakeupException | InterruptException | InterruptedException stopped) {
            // close() asked
        } catch (RuntimeException e) {
            LOG.error(
                    "Reading {} stopped; camera health lines no longer show the inference job's dead letters",
                    topic,
                    e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** At start, new partitions are read from their end; partitions found later, from the start. */
    private void assignNewPartitions(boolean atStart) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (partitions == null || partitions.isEmpty()) {
            return;
        }
        Set<TopicPartition> found = new HashSet<>();
        partitions.forEach(info -> found.add(new TopicPartition(topic, info.partition())));
        found.removeAll(assigned);
        if (found.isEmpty()) {
            return;
        }
        assigned.addAll(found);
        consumer.assign(assigned);
        if (atStart) {
            consumer.seekToEnd(found);
        } else {
            consumer.seekToBeginning(found);
        }
        // Resolved now, not at the next poll: a notice written meanwhile is not skipped.
        found.forEach(consumer::position);
    }

    private void record(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return; // no camera to show it on (the job counts it under camera "unknown")
        }
        String camera = new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
        DeadLetter notice;
        try {
            notice = notices.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            undecodable.increment();
            LOG.warn(
                    "Undecodable record at {}-{}@{} ignored: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.toString());
            return;
        }
        health.inferenceDeadLettered(
                camera, notice.getReason(), notice.getFailedAt().toEpochMilli(), clock.millis());
    }

    /** Stops reading and closes the consumer, waiting up to {@code timeout}. */
    public synchronized void close(Duration timeout) {
        stopping = true;
        if (!started) {
            consumer.close(Duration.ZERO);
            return;
        }
        consumer.wakeup();
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
