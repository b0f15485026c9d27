package io.headcount.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.embedded.EmbeddedPipeline;
import io.headcount.ingest.gateway.Gateway;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak run (docs/reliability.md): the embedded pipeline as {@code headcount run} starts it, fed
 * by an endless synthetic camera in real time for {@code headcount.soak.minutes} (default 10).
 * Every {@value #SAMPLE_SECONDS} s it records heap after a full GC, the size of the aggregation's
 * state folder, the live entries of its state stores ({@link ChangelogCensus}) and the size of the
 * inference job's newest checkpoint; it records every observation's, processed frame's and window's
 * latency. It asserts that memory and state stay flat (the end's peak within {@value
 * #GROWTH_PERCENT} % of the early peak, plus a small absolute slack) and that the p99 latencies at
 * the end are within twice those at the start, and prints every figure.
 *
 * <p>Not a {@code *IT}: only {@code -Psoak} runs it ({@code ./mvnw -B -ntp -Psoak -pl app verify}).
 */
class EmbeddedPipelineSoak {

    private static final int SAMPLE_SECONDS = 15;
    private static final int GROWTH_PERCENT = 25;
    private static final long HEAP_SLACK = 32L << 20;
    private static final long STATE_SLACK = 2L << 20;
    private static final long KEY_SLACK = 50;
    private static final Duration WARM_UP = Duration.ofMinutes(1);

    @TempDir Path work;

    private record Sample(
            long atMillis,
            long heapAfterGc,
            long streamsState,
            long streamsEntries,
            long flinkCheckpoint,
            int frames) {}

    @Test
    void memoryStateAndLatencyStayFlat() throws Exception {
        Duration length = Duration.ofMinutes(Long.getLong("headcount.soak.minutes", 10));
        double fps = Double.parseDouble(System.getProperty("headcount.soak.fps", "4"));
        Scenario scenario = Scenario.endless(fps);
        Path checkpoints = work.resolve("flink-checkpoints");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EmbeddedPipeline.Settings settings =
                EmbeddedPipeline.Settings.defaults(registry)
                        .withWindow(scenario.window(), scenario.grace())
                        .withInferenceOverrides(
                                Map.of(
                                        EmbeddedPipeline.FLINK_PREFIX
                                                + CheckpointingOptions.CHECKPOINT_STORAGE.key(),
                                        "filesystem",
                                        EmbeddedPipeline.FLINK_PREFIX
                                                + CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
                                        checkpoints.toUri().toString()));
        String load = loadAverage();
        List<Sample> samples = new ArrayList<>();
        long started = System.currentTimeMillis();
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(settings);
                TopicRecorder recorder =
                        new TopicRecorder(
                                pipeline.bootstrapServers(),
                                List.of(
                                        Topics.FRAMES.name(),
                                        Topics.FACE_OBSERVATIONS.name(),
                                        Topics.FRAMES_PROCESSED.name(),
                                        Topics.AUDIENCE_STATS.name()),
                                List.of(Topics.FRAMES.name()));
                ChangelogCensus census =
                        new ChangelogCensus(
                                pipeline.bootstrapServers(),
                                scenario.window().plus(scenario.grace()));
                Gateway gateway =
                        Gateway.start(
                                scenario.gateway(pipeline.bootstrapServers(), null, work),
                                new SimpleMeterRegistry())) {
            long end = System.currentTimeMillis() + length.toMillis();
            while (System.currentTimeMillis() < end) {
                Thread.sleep(SAMPLE_SECONDS * 1000L);
                pipeline.checkHealthy();
                System.gc();
                samples.add(
                        new Sample(
                                System.currentTimeMillis() - started,
                                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                                sizeOf(pipeline.stateDir()),
                                census.liveEntries().values().stream()
                                        .mapToLong(Long::longValue)
                                        .sum(),
                                newestCheckpointSize(checkpoints),
                                recorder.count(Topics.FRAMES_PROCESSED.name())));
                System.out.println(
                        "soak sample "
                                + samples.get(samples.size() - 1)
                                + " "
                                + census.liveEntries());
            }
            report(length, fps, scenario, load, samples, recorder, started);
        }
    }

    private void report(
            Duration length,
            double fps,
            Scenario scenario,
            String loadAtStart,
            List<Sample> samples,
            TopicRecorder recorder,
            long started) {
        long third = length.toMillis() / 3;
        long warm = WARM_UP.toMillis();
        LongPredicate early = at -> at >= warm && at < warm + third;
        LongPredicate late = at -> at >= length.toMillis() - third;

        var observations = recorder.records(Topics.FACE_OBSERVATIONS.name());
        var frames = recorder.records(Topics.FRAMES_PROCESSED.name());
        var statsDeserializer = Topics.AUDIENCE_STATS.valueSerde().deserializer();
        var stats = recorder.records(Topics.AUDIENCE_STATS.name());
        // When each frame was published (its arrival here), by capture time: one camera.
        TreeMap<Long, Long> published = new TreeMap<>();
        recorder.records(Topics.FRAMES.name())
                .forEach(frame -> published.put(frame.timestamp(), frame.receivedAt()));
        ToLongFunction<TopicRecorder.Received> frameLatency =
                r -> {
                    Long sent = published.get(r.timestamp());
                    return sent == null ? -1 : r.receivedAt() - sent;
                };
        // From the frame that lets the window close (the first at or after end + grace).
        ToLongFunction<TopicRecorder.Received> windowLatency =
                r -> {
                    AudienceStats value =
                            statsDeserializer.deserialize(Topics.AUDIENCE_STATS.name(), r.value());
                    var closing =
                            published.ceilingEntry(
                                    value.getWindowEnd().plus(scenario.grace()).toEpochMilli());
                    return closing == null ? -1 : r.receivedAt() - closing.getValue();
                };

        long heapEarly = peak(samples, early, Sample::heapAfterGc);
        long heapLate = peak(samples, late, Sample::heapAfterGc);
        long streamsEarly = peak(samples, early, Sample::streamsState);
        long streamsLate = peak(samples, late, Sample::streamsState);
        long keysEarly = peak(samples, early, Sample::streamsEntries);
        long keysLate = peak(samples, late, Sample::streamsEntries);
        long flinkEarly = peak(samples, early, Sample::flinkCheckpoint);
        long flinkLate = peak(samples, late, Sample::flinkCheckpoint);
        long observationP99Early = p99(observations, early, frameLatency, started);
        long observationP99Late = p99(observations, late, frameLatency, started);
        long frameP99Early = p99(frames, early, frameLatency, started);
        long frameP99Late = p99(frames, late, frameLatency, started);
        long statsP99Early = p99(stats, early, windowLatency, started);
        long statsP99Late = p99(stats, late, windowLatency, started);

        String report =
                String.join(
                        "\n",
                        "=== soak report ===",
                        "length "
                                + length
                                + ", synthetic camera 320x240 at "
                                + fps
                                + " fps, "
                                + frames.size()
                                + " frames processed, "
                                + observations.size()
                                + " observations, "
                                + stats.size()
                                + " windows",
                        "load average at start " + loadAtStart + ", at end " + loadAverage(),
                        "figure | early third (after 1 min warm-up) | last third",
                        row("heap after GC, peak (MiB)", mib(heapEarly), mib(heapLate)),
                        row(
                                "streams state folder, peak (KiB)",
                                kib(streamsEarly),
                                kib(streamsLate)),
                        row("streams live state entries (changelogs), peak", keysEarly, keysLate),
                        row("newest Flink checkpoint, peak (KiB)", kib(flinkEarly), kib(flinkLate)),
                        row(
                                "p99 frame -> observation (ms)",
                                observationP99Early,
                                observationP99Late),
                        row("p99 frame -> frames-processed (ms)", frameP99Early, frameP99Late),
                        row("p99 window-closing frame -> stats (ms)", statsP99Early, statsP99Late),
                        "samples: " + samples);
        System.out.println(report);

        assertThat(samples).as("samples").hasSizeGreaterThan(6);
        assertThat(heapLate)
                .as("heap after GC: late peak vs early peak %s", mib(heapEarly))
                .isLessThanOrEqualTo(grown(heapEarly) + HEAP_SLACK);
        assertThat(streamsLate)
                .as("streams state: late peak vs early peak %s", kib(streamsEarly))
                .isLessThanOrEqualTo(grown(streamsEarly) + STATE_SLACK);
        assertThat(keysEarly).as("live state entries").isPositive();
        assertThat(keysLate)
                .as("streams live state entries: late peak vs early peak %s", keysEarly)
                .isLessThanOrEqualTo(grown(keysEarly) + KEY_SLACK);
        assertThat(flinkLate)
                .as("Flink checkpoint: late peak vs early peak %s", kib(flinkEarly))
                .isLessThanOrEqualTo(grown(flinkEarly) + STATE_SLACK);
        assertThat(observationP99Late)
                .as("p99 frame -> observation, early %s ms", observationP99Early)
                .isLessThanOrEqualTo(2 * observationP99Early + 1000);
        assertThat(frameP99Late)
                .as("p99 frame -> frames-processed, early %s ms", frameP99Early)
                .isLessThanOrEqualTo(2 * frameP99Early + 1000);
        assertThat(statsP99Late)
                .as("p99 window-closing frame -> stats, early %s ms", statsP99Early)
                .isLessThanOrEqualTo(2 * statsP99Early + 1000);
    }

    private static long grown(long value) {
        return value + value * GROWTH_PERCENT / 100;
    }

    private static String row(String name, Object early, Object late) {
        return name + " | " + early + " | " + late;
    }

    private static long peak(
            List<Sample> samples, LongPredicate phase, ToLongFunction<Sample> figure) {
        return samples.stream()
                .filter(s -> phase.test(s.atMillis()))
                .mapToLong(figure)
                .max()
                .orElseThrow(() -> new AssertionError("no sample in a phase: " + samples));
    }

    /** p99 of the records that arrived in {@code phase} (ms since the run started). */
    private static long p99(
            List<TopicRecorder.Received> records,
            LongPredicate phase,
            ToLongFunction<TopicRecorder.Received> latency,
            long started) {
        long[] values =
                records.stream()
                        .filter(r -> phase.test(r.receivedAt() - started))
                        .mapToLong(latency)
                        .filter(value -> value >= 0)
                        .sorted()
                        .toArray();
        if (values.length == 0) {
            throw new AssertionError("no record in a phase");
        }
        return values[(int) Math.ceil(values.length * 0.99) - 1];
    }

    private static long newestCheckpointSize(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return 0;
        }
        try (Stream<Path> dirs = Files.find(checkpoints, 2, (p, a) -> a.isDirectory())) {
            List<Path> all =
                    dirs.filter(p -> p.getFileName().toString().startsWith("chk-")).toList();
            long newest = 0;
            for (Path dir : all) {
                newest = Math.max(newest, sizeOf(dir));
            }
            // Shared and task-owned state (incremental backends) count too.
            try (Stream<Path> shared =
                    Files.find(
                            checkpoints,
                            2,
                            (p, a) ->
                                    a.isDirectory()
                                            && (p.getFileName().toString().equals("shared")
                                                    || p.getFileName()
                                                            .toString()
                                                            .equals("taskowned")))) {
                for (Path dir : shared.toList()) {
                    newest += sizeOf(dir);
                }
            }
            return newest;
        }
    }

    /** Bytes of the files under {@code dir}; walks again if a file vanished during the walk. */
    private static long sizeOf(Path dir) {
        for (int attempt = 0; attempt < 5; attempt++) {
            long size = sizeOnce(dir);
            if (size >= 0) {
                return size;
            }
        }
        return 0;
    }

    private static long sizeOnce(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.mapToLong(
                            file -> {
                                try {
                                    return Files.isRegularFile(file) ? Files.size(file) : 0;
                                } catch (IOException e) {
                                    return 0; // deleted meanwhile (compaction, old checkpoint)
                                }
                            })
                    .sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }

    private static String mib(long bytes) {
        return String.format("%.1f", bytes / 1048576.0);
    }

    private static String kib(long bytes) {
        return String.format("%.1f", bytes / 1024.0);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
