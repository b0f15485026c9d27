package io.headcount.app.faults;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The pipeline's latencies as a downstream {@code read_committed} consumer sees them, for a run of
 * any length: unlike {@link TopicRecorder} it keeps no records, only two numbers per latency (when
 * it arrived, how long it took) and the recent frames' arrival times, so the soak does not measure
 * its own memory.
 *
 * <p>A frame's latency to its observations or its {@code frames-processed} record runs from its
 * arrival on {@code frames}; a window's, from the arrival of the frame that lets it close (the
 * first at or after window end + grace).
 */
final class LatencyProbe implements AutoCloseable {

    enum Path {
        FRAME_TO_OBSERVATION("frame -> observation"),
        FRAME_TO_PROCESSED("frame -> frames-processed"),
        CLOSING_FRAME_TO_STATS("window-closing frame -> audience-stats");

        final String label;

        Path(String label) {
            this.label = label;
        }
    }

    /** Frames older than this (by capture time) than the newest are forgotten. */
    private static final long FRAME_MEMORY_MILLIS = Duration.ofMinutes(5).toMillis();

    private record Waiting(Path path, long frameTimestamp, long arrivedAt) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final long graceMillis;
    private final Deserializer<AudienceStats> stats =
            Topics.AUDIENCE_STATS.valueSerde().deserializer();
    private final TreeMap<Long, Long> frameArrivals = new TreeMap<>();
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private final Map<Path, Series> series = new EnumMap<>(Path.class);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    LatencyProbe(String bootstrapServers, Duration grace) {
        this.graceMillis = grace.toMillis();
        for (Path path : Path.values()) {
            series.put(path, new Series());
        }
        consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false,
                                ConsumerConfig.CLIENT_ID_CONFIG,
                                "soak-latency-probe"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic :
                List.of(
                        Topics.FRAMES.name(),
                        Topics.FACE_OBSERVATIONS.name(),
                        Topics.FRAMES_PROCESSED.name(),
                        Topics.AUDIENCE_STATS.name())) {
            consumer.partitionsFor(topic)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::poll, "soak-latency-probe");
        thread.setDaemon(true);
        thread.start();
    }

    /** How many latencies of {@code path} were measured. */
    synchronized int count(Path path) {
        check();
        return series.get(path).size;
    }

    /**
     * The 99th percentile of the latencies of {@code path} that arrived when {@code arrival}
     * accepts (wall-clock ms); -1 if none did.
     */
    synchronized long p99(Path path, LongPredicate arrival) {
        check();
        Series s = series.get(path);
        long[] values = new long[s.size];
        int n = 0;
        for (int i = 0; i < s.size; i++) {
            if (arrival.test(s.arrivals[i])) {
                values[n++] = s.latencies[i];
            }
        }
        if (n == 0) {
            return -1;
        }
        Arrays.sort(values, 0, n);
        return values[(int) Math.ceil(n * 0.99) - 1];
    }

    private void poll() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                synchronized (this) {
                    // Frames first: a batch may hold a frame and its results.
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        if (record.topic().equals(Topics.FRAMES.name())) {
                            frameArrivals.put(record.timestamp(), now);
                        }
                    }
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        arrived(record, now);
                    }
                    resolveWaiting();
                    if (!frameArrivals.isEmpty()) {
                        frameArrivals
                                .headMap(frameArrivals.lastKey() - FRAME_MEMORY_MILLIS)
                                .clear();
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void arrived(ConsumerRecord<byte[], byte[]> record, long now) {
        String topic = record.topic();
        if (topic.equals(Topics.FACE_OBSERVATIONS.name())) {
            waiting.add(new Waiting(Path.FRAME_TO_OBSERVATION, record.timestamp(), now));
        } else if (topic.equals(Topics.FRAMES_PROCESSED.name())) {
            waiting.add(new Waiting(Path.FRAME_TO_PROCESSED, record.timestamp(), now));
        } else if (topic.equals(Topics.AUDIENCE_STATS.name())) {
            AudienceStats window = stats.deserialize(topic, record.value());
            long closing = window.getWindowEnd().toEpochMilli() + graceMillis;
            waiting.add(new Waiting(Path.CLOSING_FRAME_TO_STATS, closing, now));
        }
    }

    /** Measures each waiting latency whose frame is known; forgets those whose frame never came. */
    private void resolveWaiting() {
        if (frameArrivals.isEmpty()) {
            return;
        }
        long newestFrame = frameArrivals.lastKey();
        for (int i = waiting.size(); i > 0; i--) {
            Waiting w = waiting.poll();
            Long sent =
                    w.path() == Path.CLOSING_FRAME_TO_STATS
                            ? ceilingValue(w.frameTimestamp())
                            : frameArrivals.get(w.frameTimestamp());
            if (sent != null) {
                series.get(w.path()).add(w.arrivedAt(), w.arrivedAt() - sent);
            } else if (w.frameTimestamp() > newestFrame - FRAME_MEMORY_MILLIS) {
                waiting.add(w);
            }
        }
    }

    private Long ceilingValue(long timestamp) {
        var entry = frameArrivals.ceilingEntry(timestamp);
        return entry == null ? null : entry.getValue();
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("The latency probe stopped", failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }

    /** Pairs of arrival time and latency, in plain arrays that double as they fill. */
    private static final class Series {
        long[] arrivals = new long[1024];
        long[] latencies = new long[1024];
        int size;

        void add(long arrival, long latency) {
            if (size == arrivals.length) {
                arrivals = Arrays.copyOf(arrivals, size * 2);
                latencies = Arrays.copyOf(latencies, size * 2);
            }
            arrivals[size] = arrival;
            latencies[size] = latency;
            size++;
        }
    }
}
