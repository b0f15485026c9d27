package io.headcount.bench.sizing;

import io.headcount.bench.BenchFrame;
import io.headcount.bench.EndToEndRun;
import io.headcount.bench.Samples;
import io.headcount.embedded.CommittedFeed;
import io.headcount.ingest.CameraRunner;
import io.headcount.ingest.CameraSettings;
import io.headcount.ingest.FrameTiming;
import io.headcount.ingest.publish.FramePublisher;
import io.headcount.ingest.publish.PublisherSettings;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Live cameras against a running pipeline, one step of the sizing at a time: {@code n} cameras of
 * their own ids, each a gateway {@link CameraRunner} sending in real time through one shared {@link
 * FramePublisher} (as one gateway with many cameras), their starts spread over one frame interval
 * as unsynchronised cameras are. The committed {@code frames-processed} records are read back: per
 * frame, the time from handing it to the publisher to its committed result, and the frames still
 * waiting for one (the lag).
 */
final class LiveCameras implements AutoCloseable {

    static final String SITE = "sizing-site";
    static final String GATEWAY = "headcount-bench-sizing";

    /** How often the lag is sampled during a step. */
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(250);

    private final List<BenchFrame> frames;
    private final double framesPerSecond;
    private final EndToEndRun.HealthCheck health;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FramePublisher publisher;
    private final CommittedFeed<byte[], byte[]> reader;
    private volatile RuntimeException readFailure;

    /** Frames handed to the publisher and without a committed result yet: key, sending time. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    private final AtomicLong published = new AtomicLong();
    private final AtomicLong publishedMeasured = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong faces = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();

    /** {time, frames processed so far} after each poll that brought results. */
    private final List<long[]> bursts = new CopyOnWriteArrayList<>();

    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long measureUntil = Long.MAX_VALUE;
    private volatile Samples latencies = new Samples();

    private final Deserializer<FrameProcessed> processedFrames =
            Topics.FRAMES_PROCESSED.valueSerde().deserializer();
    private final Deserializer<DeadLetter> deadLetterRecords =
            Topics.deadLettersOf(Topics.FRAMES.name()).valueSerde().deserializer();
    private final Deserializer<FrameEvent> frameEvents = Topics.FRAMES.valueSerde().deserializer();

    LiveCameras(
            String bootstrapServers,
            List<BenchFrame> frames,
            double framesPerSecond,
            EndToEndRun.HealthCheck health) {
        this.frames = List.copyOf(frames);
        this.framesPerSecond = framesPerSecond;
        this.health = health;
        this.publisher =
                new FramePublisher(PublisherSettings.of(bootstrapServers, GATEWAY), registry);
        this.reader =
                CommittedFeed.of(bootstrapServers, GATEWAY + "-results")
                        .topics(
                                List.of(
                                        Topics.FRAMES_PROCESSED.name(),
                                        Topics.deadLettersOf(Topics.FRAMES.name()).name()))
                        .poll(Duration.ofMillis(50))
                        .threadName("sizing-results-reader")
                        .onFailure(e -> readFailure = e)
                        .start(this::read);
    }

    /**
     * Runs {@code cameras} cameras for {@code warmup}, measures them for {@code measure}, stops
     * them and waits until every frame sent has its result. Gives up on the measurement early when
     * a frame has waited longer than {@code abortAfter}: the node has fallen behind.
     */
    Step run(
            int step,
            int cameras,
            Duration warmup,
            Duration measure,
            Duration abortAfter,
            Duration drainTimeout)
            throws InterruptedException {
        long publishedBefore = published.get();
        long processedBefore = processed.get();
        long facesBefore = faces.get();
        long deadBefore = deadLetters.get();
        latencies = new Samples();
        publishedMeasured.set(0);
        long intervalNanos = (long) (1e9 / framesPerSecond);
        long begin = System.nanoTime();
        measureFrom = begin + warmup.toNanos();
        measureUntil = measureFrom + measure.toNanos();
        List<CameraRunner> runners = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < cameras; i++) {
            long delayNanos = i * intervalNanos / cameras;
            String camera = String.format("s%02d-cam%03d", step, i);
            CameraSettings settings =
                    CameraSettings.of(
                            SITE,
                            camera,
                            GATEWAY,
                            FrameTiming.realTime(
                                    Instant.now().plusNanos(delayNanos), framesPerSecond));
            CameraRunner runner =
                    new CameraRunner(
                                    settings,
                                    new LoopingFrames(frames, i * frames.size() / cameras),
                                    publisher,
                                    registry)
                            .withProgressEvery(Duration.ZERO)
                            .onPublished(this::sent);
            runners.add(runner);
            Thread thread =
                    new Thread(
                            () -> {
                                try {
                                    Thread.sleep(delayNanos / 1_000_000);
                                    runner.run();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "sizing-" + camera);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        List<double[]> lag = new ArrayList<>();
        boolean measuring = false;
        long nextHealthCheck = System.nanoTime();
        String aborted = null;
        double oldestWaitMax = 0;
        long now = System.nanoTime();
        try {
            while (now < measureUntil) {
                Thread.sleep(SAMPLE_EVERY.toMillis());
                checkReader();
                now = System.nanoTime();
                if (now > nextHealthCheck) {
                    nextHealthCheck = now + 1_000_000_000L;
                    checkHealth();
                }
                double oldestWait = oldestWaitSeconds(now);
                if (now >= measureFrom) {
                    measuring = true;
                    lag.add(
                            new double[] {
                                (now - measureFrom) / 1e9, published.get() - processed.get()
                            });
                    oldestWaitMax = Math.max(oldestWaitMax, oldestWait);
                }
                if (oldestWait > abortAfter.toNanos() / 1e9) {
                    aborted =
                            String.format(
                                    "a frame waited %.1f s for its result (more than %.1f s)",
                                    oldestWait, abortAfter.toMillis() / 1000.0);
                    break;
                }
            }
        } finally {
            // Frames sent from here on count for the lag, not for the rates or latencies.
            measureUntil = Math.min(measureUntil, now);
            // A runner sees the stop after its current frame interval; interrupting it instead
            // could land in the shared producer's send.
            runners.forEach(CameraRunner::stop);
            long joinMillis = 2 * intervalNanos / 1_000_000 + 5_000;
            for (Thread thread : threads) {
                thread.join(joinMillis);
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(joinMillis);
                }
            }
        }
        long endedAt = measureUntil;
        publisher.flush();
        long drainStart = System.nanoTime();
        long processedAtDrain = processed.get();
        awaitResults(drainTimeout);
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        long drained = processed.get() - processedAtDrain;
        double seconds = measuring ? (endedAt - measureFrom) / 1e9 : 0;
        double offered = seconds > 0 ? publishedMeasured.get() / seconds : 0;
        return new Step(
                cameras,
                seconds,
                offered,
                processedPerSecond(measureFrom, endedAt),
                slope(lag),
                lag.stream().mapToDouble(sample -> sample[1]).average().orElse(Double.NaN),
                lag.stream().mapToDouble(sample -> sample[1]).max().orElse(Double.NaN),
                oldestWaitMax,
                latencies,
                published.get() - publishedBefore,
                processed.get() - processedBefore,
                faces.get() - facesBefore,
                deadLetters.get() - deadBefore,
                drainSeconds,
                drained,
                aborted);
    }

    /**
     * Frames committed per second between the first and the last result burst of the measurement:
     * exactly-once results appear once per checkpoint, so counting from burst to burst leaves out
     * the part-interval at either end.
     */
    private double processedPerSecond(long from, long until) {
        List<long[]> inside = new ArrayList<>();
        for (long[] burst : bursts) {
            if (burst[0] >= from && burst[0] <= until) {
                inside.add(burst);
            }
        }
        if (inside.size() < 2) {
            return Double.NaN;
        }
        long[] first = inside.get(0);
        long[] last = inside.get(inside.size() - 1);
        return (last[1] - first[1]) / ((last[0] - first[0]) / 1e9);
    }

    /** Least-squares slope of {time s, lag frames}: frames per second the backlog grows by. */
    static double slope(List<double[]> samples) {
        int n = samples.size();
        if (n < 2) {
            return Double.NaN;
        }
        double meanT = 0;
        double meanY = 0;
        for (double[] s : samples) {
            meanT += s[0] / n;
            meanY += s[1] / n;
        }
        double covariance = 0;
        double variance = 0;
        for (double[] s : samples) {
            covariance += (s[0] - meanT) * (s[1] - meanY);
            variance += (s[0] - meanT) * (s[0] - meanT);
        }
        return variance == 0 ? Double.NaN : covariance / variance;
    }

    private double oldestWaitSeconds(long now) {
        long oldest = now;
        for (long sentAt : pending.values()) {
            oldest = Math.min(oldest, sentAt);
        }
        return (now - oldest) / 1e9;
    }

    private void awaitResults(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextHealthCheck = System.nanoTime();
        while (!pending.isEmpty()) {
            checkReader();
            if (System.nanoTime() > nextHealthCheck) {
                nextHealthCheck += 1_000_000_000L;
                checkHealth();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        pending.size()
                                + " frames still without a result "
                                + timeout
                                + " after the cameras stopped ("
                                + publisher.counts()
                                + ")");
            }
            Thread.sleep(20);
        }
    }

    private void checkHealth() {
        try {
            health.check();
        } catch (Exception e) {
            throw new IllegalStateException("the pipeline stopped during the sizing", e);
        }
    }

    private void checkReader() {
        if (readFailure != null) {
            throw readFailure;
        }
    }

    /** On a camera's thread, right after the publisher took the frame. */
    private void sent(FrameEvent frame) {
        long now = System.nanoTime();
        pending.put(key(frame.getCamera(), frame.getSequence()), now);
        published.incrementAndGet();
        if (now >= measureFrom && now < measureUntil) {
            publishedMeasured.incrementAndGet();
        }
    }

    private static String key(CharSequence camera, long sequence) {
        return camera + "/" + sequence;
    }

    /** One poll's committed results, on the reader's thread. */
    private void read(ConsumerRecords<byte[], byte[]> records) {
        boolean resultsInPoll = false;
        long now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.topic().equals(Topics.FRAMES_PROCESSED.name())) {
                FrameProcessed result = processedFrames.deserialize(record.topic(), record.value());
                Long sentAt = pending.remove(key(result.getCamera(), result.getFrameSequence()));
                if (sentAt == null) {
                    continue; // the warm-up's frames, or a camera of an earlier run
                }
                if (sentAt >= measureFrom && sentAt < measureUntil) {
                    latencies.add((now - sentAt) / 1e6);
                }
                faces.addAndGet(result.getFaces());
                processed.incrementAndGet();
                resultsInPoll = true;
            } else {
                deadLetter(deadLetterRecords.deserialize(record.topic(), record.value()));
            }
        }
        if (resultsInPoll) {
            bursts.add(new long[] {now, processed.get()});
        }
    }

    /** A frame the job refused gets no result: counted, and no longer waited for. */
    private void deadLetter(DeadLetter letter) {
        if (letter.getValue() == null) {
            return;
        }
        byte[] value = new byte[letter.getValue().remaining()];
        letter.getValue().duplicate().get(value);
        try {
            FrameEvent frame = frameEvents.deserialize(Topics.FRAMES.name(), value);
            if (pending.remove(key(frame.getCamera(), frame.getSequence())) != null) {
                deadLetters.incrementAndGet();
            }
        } catch (RuntimeException unreadable) {
            // Not one of the sizing's frames (they are all well formed).
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
    }

    /**
     * What one step measured.
     *
     * @param cameras cameras run
     * @param seconds length of the measurement
     * @param offeredPerSecond frames handed to the publisher per second in the measurement
     * @param processedPerSecond frames whose result was committed per second in the measurement
     *     (between its first and last result burst); NaN with fewer than two bursts
     * @param lagGrowthPerSecond slope of the lag (frames sent without a committed result) over the
     *     measurement, frames per second
     * @param lagMean mean lag over the measurement, frames
     * @param lagMax largest lag sampled, frames
     * @param oldestWaitMaxSeconds longest a frame had been waiting for its result at a sample
     * @param latencies ms from sending to the committed result, frames sent in the measurement
     * @param published frames published in the whole step (warm-up and drain included)
     * @param processed frames of the step with a committed result
     * @param faces faces the job found in them
     * @param deadLetters frames of the step the job dead-lettered
     * @param drainSeconds time from stopping the cameras to the last result
     * @param drained frames whose result came in that time: at the node's full speed when a backlog
     *     was left
     * @param aborted why the measurement stopped early; null if it ran its time
     */
    record Step(
            int cameras,
            double seconds,
            double offeredPerSecond,
            double processedPerSecond,
            double lagGrowthPerSecond,
            double lagMean,
            double lagMax,
            double oldestWaitMaxSeconds,
            Samples latencies,
            long published,
            long processed,
            long faces,
            long deadLetters,
            double drainSeconds,
            long drained,
            String aborted) {

        /**
         * Frames per second while the backlog drained: what the node does with work waiting, so its
         * capacity where the step fell behind; NaN for a backlog of under ten frames.
         */
        double drainPerSecond() {
            return drained < 10 ? Double.NaN : drained / drainSeconds;
        }
    }
}
