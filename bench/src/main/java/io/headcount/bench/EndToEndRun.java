package io.headcount.bench;

import io.headcount.embedded.CommittedFeed;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Drives a running pipeline (broker, inference job, aggregation) with the benchmark's frames,
 * published as a gateway publishes them, and reads the committed results back.
 *
 * <ol>
 *   <li>Warm-up: a few frames, until their results are out (JIT, sessions, first checkpoints).
 *   <li>Throughput, in slices (see {@link #throughput}): frames go in as fast as the pipeline takes
 *       them, keeping at most {@code backlog} frames in flight so the job never waits for input.
 *       Between slices the pipeline is drained and idle, so the caller can time the bare models
 *       then, under the same machine load.
 *   <li>Latency: frames at a steady {@code latencyLoad} of that throughput; per frame the time from
 *       sending it to its first {@code face-observations} record, to its {@code frames-processed}
 *       record, and to the first {@code audience-stats} record of its window.
 * </ol>
 *
 * Frames cycle through the given list with a rising sequence. Each camera's capture times are 100
 * ms apart (the synthetic camera's 10 fps clock) in the warm-up and throughput phases, whatever the
 * real rate and however many cameras take turns, so the tracker and the describe budget see the
 * same scene as the floor's plan; they follow the real sending interval in the latency phase, so
 * that the aggregation's event-time windows close after the real time they would close after with a
 * live camera.
 */
public final class EndToEndRun implements AutoCloseable {

    public static final String SITE = "bench-site";
    public static final String CAMERA = "bench-camera";

    /** Capture times of consecutive frames in the warm-up and throughput phases (10 fps). */
    public static final long FRAME_INTERVAL_MILLIS = 100;

    private final List<BenchFrame> frames;
    private final KafkaProducer<String, FrameEvent> producer;
    private final CommittedFeed<byte[], byte[]> reader;

    /**
     * The scene clock starts an hour before now. The gateway's Kafka timestamp is the capture time,
     * and the broker deletes records by that timestamp: with a fixed date months back, every append
     * rolled a new segment of {@code frames} already past its 24 h retention, and each retention
     * check (30 s after the broker starts, then every 5 minutes) deleted the segments the job had
     * not read yet, so 10 to 15 frames of a burst vanished without a dead letter. An hour back also
     * leaves room before the job's limit on capture times in the future.
     */
    private final Instant start =
            Instant.now()
                    .minus(Duration.ofHours(1))
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong faces = new AtomicLong();
    private final AtomicLong facesDescribed = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong failedSends = new AtomicLong();
    private volatile Exception lastSendFailure;

    /**
     * {time, frames processed, faces, faces described} after each poll that brought
     * frames-processed records.
     */
    private final List<long[]> commits = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Map<Long, Long> sentNanos = new ConcurrentHashMap<>();
    private final Set<Long> timedSequences = ConcurrentHashMap.newKeySet();
    private final NavigableMap<Long, Long> awaitingStats = new ConcurrentSkipListMap<>();
    private final Set<Long> observed = ConcurrentHashMap.newKeySet();
    private final Set<Long> processedSequences = ConcurrentHashMap.newKeySet();
    private final String bootstrapServers;
    private final Samples toObservation = new Samples();
    private final Samples toProcessed = new Samples();
    private final Samples toStats = new Samples();
    private volatile RuntimeException readFailure;
    private final List<String> cameras;
    private long nextSequence;

    /** Each camera's capture clock, from {@code start}: every camera runs at the scene's rate. */
    private final long[] sceneMillis;

    /** Throws when the pipeline has stopped (e.g. {@code EmbeddedPipeline::checkHealthy}). */
    public interface HealthCheck {
        void check() throws Exception;
    }

    private final HealthCheck health;

    public EndToEndRun(String bootstrapServers, List<BenchFrame> frames, HealthCheck health) {
        this(bootstrapServers, frames, List.of(CAMERA), health);
    }

    /**
     * As above, with the frames sent by the given cameras in turn: each camera sends the whole
     * cycle of frames in order, as a node serves several cameras and the job spreads them over its
     * subtasks by camera ({@link BenchCameras} picks ids that spread evenly).
     */
    public EndToEndRun(
            String bootstrapServers,
            List<BenchFrame> frames,
            List<String> cameras,
            HealthCheck health) {
        if (cameras.isEmpty()) {
            throw new IllegalArgumentException("at least one camera");
        }
        this.cameras = List.copyOf(cameras);
        this.sceneMillis = new long[cameras.size()];
        this.health = health;
        this.bootstrapServers = bootstrapServers;
        this.frames = List.copyOf(frames);
        this.producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.LINGER_MS_CONFIG,
                                0,
                                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                                8 * 1024 * 1024),
                        Topics.FRAMES.keySerde().serializer(),
                        Topics.FRAMES.valueSerde().serializer());
        this.reader =
                CommittedFeed.of(bootstrapServers, "headcount-bench")
                        .topics(
                                List.of(
                                        Topics.FACE_OBSERVATIONS.name(),
                                        Topics.FRAMES_PROCESSED.name(),
                                        Topics.AUDIENCE_STATS.name(),
                                        Topics.deadLettersOf(Topics.FRAMES.name()).name()))
                        .poll(Duration.ofMillis(50))
                        .threadName("bench-results-reader")
                        .onFailure(e -> readFailure = e)
                        .start(this::read);
    }

    /** Sends {@code count} frames and waits until their results are out. */
    public void warmUp(int count, Duration timeout) throws InterruptedException {
        long target = nextSequence + count;
        for (int i = 0; i < count; i++) {
            send(false, FRAME_INTERVAL_MILLIS);
        }
        producer.flush();
        awaitProcessed(target, timeout);
    }

    /**
     * One throughput slice: frames go in as fast as the pipeline takes them for {@code duration},
     * then the slice drains. Exactly-once results become visible in bursts, one per checkpoint, so
     * the rate is taken between the first and the last burst seen in the slice: frames committed
     * after the first burst over the time between the two. That leaves out the start (pipeline
     * filling) and the drain, and the idle gap between slices.
     */
    /** Frames sent so far, every phase together. */
    public long framesSent() {
        return nextSequence;
    }

    /** Frames the job dead-lettered, and frames whose send failed, so far. */
    public long lostFrames() {
        return deadLetters.get() + failedSends.get();
    }

    public Throughput throughput(Duration duration, int backlog, Duration drainTimeout)
            throws InterruptedException {
        int firstEvent = commits.size();
        long stopped = keepBusy(duration, backlog);
        List<long[]> slice = new ArrayList<>();
        for (long[] event : commits.subList(firstEvent, commits.size())) {
            if (event[0] <= stopped) {
                slice.add(event);
            }
        }
        producer.flush();
        awaitProcessed(nextSequence, drainTimeout);
        if (slice.size() < 2) {
            throw new IllegalStateException(
                    "fewer than two result bursts in a "
                            + duration
                            + " throughput slice: make it longer than two checkpoint intervals");
        }
        long[] first = slice.get(0);
        long[] last = slice.get(slice.size() - 1);
        return new Throughput(
                last[1] - first[1],
                last[2] - first[2],
                last[3] - first[3],
                (last[0] - first[0]) / 1e9);
    }

    /**
     * Keeps the pipeline busy for {@code duration} as a throughput slice does, then drains it, and
     * measures nothing: the warm-up, whose first sessions and JIT may give no result burst at all.
     */
    public void warmUpFor(Duration duration, int backlog, Duration drainTimeout)
            throws InterruptedException {
        keepBusy(duration, backlog);
        drain(drainTimeout);
    }

    /** Sends while fewer than {@code backlog} frames await results; returns when it stopped. */
    private long keepBusy(Duration duration, int backlog) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            checkReader();
            if (nextSequence - processed.get() - deadLetters.get() - failedSends.get() < backlog) {
                send(false, FRAME_INTERVAL_MILLIS);
            } else {
                Thread.sleep(2);
            }
        }
        return System.nanoTime();
    }

    /** Sends nothing until every frame sent so far has its result. */
    public void drain(Duration timeout) throws InterruptedException {
        producer.flush();
        awaitProcessed(nextSequence, timeout);
    }

    /** The latency phase: {@code framesPerSecond} for {@code duration}, then its results. */
    public Latency latency(double framesPerSecond, Duration duration, Duration settle)
            throws InterruptedException {
        long begin = System.nanoTime();
        long interval = (long) (1e9 / framesPerSecond);
        long count = Math.max(1, duration.toNanos() / interval);
        for (long i = 0; i < count; i++) {
            long due = begin + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            checkReader();
            // The scene clock runs in real time here, so windows close as they would live.
            // Each camera sends every cameras-th frame: its clock follows the real time of its own.
            send(true, Math.max(1, interval * cameras.size() / 1_000_000));
        }
        producer.flush();
        awaitProcessed(nextSequence, settle);
        // Windows close on event time: the stats of the last frames' window wait for later frames.
        Thread.sleep(Math.min(settle.toMillis(), 3000));
        return new Latency(count, framesPerSecond, toObservation, toProcessed, toStats);
    }

    /**
     * Sends the next frame, from the next camera in turn, captured {@code advanceMillis} after that
     * camera's previous frame (a camera's rate, not the node's: two cameras each at 10 fps).
     */
    private void send(boolean timed, long advanceMillis) {
        long sequence = nextSequence++;
        // Camera by camera in turn, each through the whole cycle in order (sequences stay unique:
        // results are matched to frames by sequence).
        BenchFrame frame = frames.get((int) ((sequence / cameras.size()) % frames.size()));
        int cameraIndex = (int) (sequence % cameras.size());
        String camera = cameras.get(cameraIndex);
        Instant capture = start.plusMillis(sceneMillis[cameraIndex]);
        sceneMillis[cameraIndex] += advanceMillis;
        FrameEvent event =
                FrameEvent.newBuilder()
                        .setSite(SITE)
                        .setCamera(camera)
                        .setGateway("headcount-bench")
                        .setSequence(sequence)
                        .setCaptureTime(capture)
                        .setWidth(frame.width())
                        .setHeight(frame.height())
                        .setJpeg(ByteBuffer.wrap(frame.jpeg()))
                        .setEndOfStream(false)
                        .build();
        long now = System.nanoTime();
        if (timed) {
            sentNanos.put(sequence, now);
            timedSequences.add(sequence);
            awaitingStats.put(capture.toEpochMilli(), now);
        }
        producer.send(
                new ProducerRecord<>(
                        Topics.FRAMES.name(), null, capture.toEpochMilli(), camera, event),
                (metadata, exception) -> {
                    if (exception != null) {
                        // A frame that never reached the broker gets no result: not waited for.
                        lastSendFailure = exception;
                        failedSends.incrementAndGet();
                    }
                });
    }

    private void awaitProcessed(long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextHealthCheck = System.nanoTime();
        while (processed.get() + deadLetters.get() + failedSends.get() < target) {
            checkReader();
            if (System.nanoTime() > nextHealthCheck) {
                nextHealthCheck += 1_000_000_000L;
                try {
                    health.check();
                } catch (Exception e) {
                    throw new IllegalStateException(
                            "the pipeline stopped with "
                                    + processed.get()
                                    + " of "
                                    + target
                                    + " frames processed",
                            e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "only "
                                + processed.get()
                                + " of "
                                + target
                                + " frames processed within "
                                + timeout
                                + " ("
                                + deadLetters.get()
                                + " dead letters, "
                                + failedSends.get()
                                + " sends failed"
                                + (lastSendFailure == null ? "" : ", last: " + lastSendFailure)
                                + "); "
                                + missingFrames(target));
            }
            Thread.sleep(5);
        }
    }

    /**
     * Which frames below {@code target} have no committed frames-processed record, and whether a
     * record of theirs exists uncommitted (an open or aborted transaction) or not at all (the frame
     * is stuck or lost before the sink): what a stalled drain needs to be diagnosed.
     */
    private String missingFrames(long target) {
        List<Long> missing = new ArrayList<>();
        for (long sequence = 0; sequence < target; sequence++) {
            if (!processedSequences.contains(sequence)) {
                missing.add(sequence);
            }
        }
        if (missing.isEmpty()) {
            return "no sequence missing";
        }
        Set<Long> uncommitted = new java.util.HashSet<>();
        String offsets = "";
        try (KafkaConsumer<byte[], byte[]> raw =
                CommittedFeed.consumer(
                        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                        null,
                        IsolationLevel.READ_UNCOMMITTED,
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    CommittedFeed.assignFromBeginning(raw, List.of(Topics.FRAMES_PROCESSED.name()));
            Map<TopicPartition, Long> ends = raw.endOffsets(partitions);
            List<TopicPartition> framePartitions = new ArrayList<>();
            raw.partitionsFor(Topics.FRAMES.name())
                    .forEach(
                            p ->
                                    framePartitions.add(
                                            new TopicPartition(
                                                    Topics.FRAMES.name(), p.partition())));
            // Above 0, the broker deleted frames (retention by record timestamp).
            offsets =
                    "frames-processed end offsets "
                            + ends
                            + ", frames log start offsets "
                            + raw.beginningOffsets(framePartitions);
            var deserializer = Topics.FRAMES_PROCESSED.valueSerde().deserializer();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(p -> raw.position(p) < ends.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : raw.poll(Duration.ofMillis(200))) {
                    long sequence =
                            deserializer
                                    .deserialize(record.topic(), record.value())
                                    .getFrameSequence();
                    if (!processedSequences.contains(sequence)) {
                        uncommitted.add(sequence);
                    }
                }
            }
        } catch (RuntimeException e) {
            offsets = "uncommitted read failed: " + e;
        }
        return "missing sequences "
                + ranges(missing)
                + " ("
                + missing.size()
                + "), of which written but not committed: "
                + ranges(new ArrayList<>(new java.util.TreeSet<>(uncommitted)))
                + "; "
                + offsets;
    }

    private static String ranges(List<Long> sequences) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sequences.size(); i++) {
            int j = i;
            while (j + 1 < sequences.size() && sequences.get(j + 1) == sequences.get(j) + 1) {
                j++;
            }
            text.append(text.isEmpty() ? "" : ",").append(sequences.get(i));
            if (j > i) {
                text.append('-').append(sequences.get(j));
            }
            i = j;
        }
        return "[" + text + "]";
    }

    private void checkReader() {
        if (readFailure != null) {
            throw readFailure;
        }
    }

    private final Deserializer<FaceObservation> observations =
            Topics.FACE_OBSERVATIONS.valueSerde().deserializer();
    private final Deserializer<FrameProcessed> processedFrames =
            Topics.FRAMES_PROCESSED.valueSerde().deserializer();
    private final Deserializer<AudienceStats> stats =
            Topics.AUDIENCE_STATS.valueSerde().deserializer();

    /** One poll's committed results, on the reader's thread. */
    private void read(ConsumerRecords<byte[], byte[]> records) {
        boolean processedInPoll = false;
        long now = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            now = System.nanoTime();
            String topic = record.topic();
            if (topic.equals(Topics.FACE_OBSERVATIONS.name())) {
                FaceObservation o = observations.deserialize(topic, record.value());
                // The heads ran on a face exactly when it has attributes (the bench switches none
                // off): sex is in every default model set.
                if (o.getAttributes() != null && o.getAttributes().getFemale() != null) {
                    facesDescribed.incrementAndGet();
                }
                long sequence = o.getFrameSequence();
                if (timedSequences.contains(sequence) && observed.add(sequence)) {
                    toObservation.add((now - sentNanos.get(sequence)) / 1e6);
                }
            } else if (topic.equals(Topics.FRAMES_PROCESSED.name())) {
                FrameProcessed p = processedFrames.deserialize(topic, record.value());
                long sequence = p.getFrameSequence();
                if (timedSequences.contains(sequence)) {
                    toProcessed.add((now - sentNanos.get(sequence)) / 1e6);
                }
                faces.addAndGet(p.getFaces());
                processedSequences.add(sequence);
                processed.incrementAndGet();
                processedInPoll = true;
            } else if (topic.endsWith(".dlq")) {
                // A frame the job refused has no frames-processed record; counted here.
                deadLetters.incrementAndGet();
            } else {
                AudienceStats s = stats.deserialize(topic, record.value());
                var window =
                        awaitingStats.subMap(
                                s.getWindowStart().toEpochMilli(),
                                true,
                                s.getWindowEnd().toEpochMilli(),
                                false);
                for (long sent : window.values()) {
                    toStats.add((now - sent) / 1e6);
                }
                window.clear();
            }
        }
        if (processedInPoll) {
            commits.add(new long[] {now, processed.get(), faces.get(), facesDescribed.get()});
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }

    /**
     * Frames and faces through the whole pipeline per second.
     *
     * @param facesDescribed faces the attribute heads ran on (observations with attributes)
     */
    public record Throughput(long frames, long faces, long facesDescribed, double seconds) {
        public double framesPerSecond() {
            return frames / seconds;
        }

        public double facesPerSecond() {
            return faces / seconds;
        }

        /** Faces the heads ran on per frame: the job's describe budget at work. */
        public double facesDescribedPerFrame() {
            return frames == 0 ? 0 : (double) facesDescribed / frames;
        }

        public Throughput plus(Throughput other) {
            return new Throughput(
                    frames + other.frames,
                    faces + other.faces,
                    facesDescribed + other.facesDescribed,
                    seconds + other.seconds);
        }
    }

    /**
     * @param frames frames sent in the latency phase
     * @param framesPerSecond the steady rate they were sent at
     * @param toObservation ms from sending a frame to its first observation (frames with faces)
     * @param toProcessed ms from sending a frame to its frames-processed record
     * @param toStats ms from sending a frame to the first stats record of its window
     */
    public record Latency(
            long frames,
            double framesPerSecond,
            Samples toObservation,
            Samples toProcessed,
            Samples toStats) {}
}
