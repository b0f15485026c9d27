package io.headcount.aggregation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Throughput of the real topology in a {@code TopologyTestDriver}-based harness, single threaded:
 * {@code java ... io.headcount.aggregation.AggregationThroughput [observations]} (default 200000).
 * Four cameras at 10 frames per second, two or three people in view each with a track id, one
 * processed-frame record per frame. Not a unit test: it prints a figure, it asserts nothing. The
 * driver commits after every record (flushing the stores' caches), so a broker-backed app, which
 * commits once a second, does at least as well per core.
 */
public final class AggregationThroughput {

    private AggregationThroughput() {}

    public static void main(String[] args) throws Exception {
        int observations = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Instant t0 = Instant.parse("2026-03-02T10:00:00Z");
        Clock wallClock = Clock.fixed(t0.plus(Duration.ofDays(30)), ZoneOffset.UTC);
        Path stateDir = Files.createTempDirectory("aggregation-throughput");
        // The driver commits after every record; under exactly-once each commit also writes and
        // fsyncs
        // a checkpoint, which then dominates. A broker-backed app commits once a second, so measure
        // the
        // processing with at-least-once commits (same topology, same stores).
        Map<String, String> settings =
                Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        Random random = new Random(7);
        String[] cameras = {"entrance", "checkout", "hall", "exit"};
        int warmup = Math.min(20_000, observations / 5);
        try (TopologyHarness harness =
                TopologyHarness.withSettings(
                        settings, wallClock, new SimpleMeterRegistry(), stateDir)) {
            long start = 0;
            int sent = 0;
            int frames = 0;
            long outputs = 0;
            for (long frame = 0; sent < observations + warmup; frame++) {
                if (sent >= warmup && start == 0) {
                    start = System.nanoTime();
                    sent = warmup;
                }
                Instant time = t0.plusMillis(frame * 100);
                for (String camera : cameras) {
                    int people = 2 + (int) ((frame / 50) % 2);
                    for (int person = 0; person < people; person++) {
                        String trackId = camera + "-" + person + "-" + (frame / 150);
                        Impressions face =
                                Impressions.at("berlin", camera)
                                        .female(random.nextFloat())
                                        .faceSize(30 + random.nextInt(70));
                        harness.pipe(face.of(trackId, time), Duration.ZERO);
                        sent++;
                    }
                    harness.pipe(Frames.of("berlin", camera, time, people), Duration.ZERO);
                    frames++;
                }
                if (frame % 1000 == 0) {
                    outputs += harness.stats().size() + harness.tracks().size();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "%d observations (+%d processed frames) in %.1f s: %.0f observations/s, %.0f records/s; %d outputs%n",
                    observations,
                    frames,
                    seconds,
                    observations / seconds,
                    (observations + frames * (double) observations / sent) / seconds,
                    outputs);
        } finally {
            BrokerThroughput.deleteTree(stateDir);
        }
    }
}
