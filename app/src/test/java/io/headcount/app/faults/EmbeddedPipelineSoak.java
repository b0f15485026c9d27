package io.headcount.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.headcount.embedded.EmbeddedPipeline;
import io.headcount.ingest.gateway.Gateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak run (docs/reliability.md): the embedded pipeline as {@code headcount run} starts it, fed
 * by an endless synthetic camera in real time for {@code headcount.soak.minutes} (default 60).
 * Every {@value #SAMPLE_SECONDS} s it records heap after a full GC, the size of the aggregation's
 * state folder, the live entries of its state stores ({@link ChangelogCensus}), the size of the
 * inference job's newest checkpoint and the lag of every consumer group; {@link LatencyProbe}
 * measures every observation's, processed frame's and window's latency. The run is cut in four
 * quarters; the first is warm-up. It asserts that every figure of the third and the last quarter
 * (the peak of its samples, or its p99 latency) is within {@value #FLAT_PERCENT} % of the second
 * quarter's, plus a small absolute slack for figures that are small or jitter with the machine's
 * load; it writes the table to {@code target/soak/soak-report.md} and {@code .json} ({@code
 * -Dheadcount.soak.report=DIR} for another folder).
 *
 * <p>Not a {@code *IT}: only {@code -Psoak} runs it ({@code ./mvnw -B -ntp -Psoak -pl app verify}).
 */
class EmbeddedPipelineSoak {

    private static final int SAMPLE_SECONDS = 15;
    private static final int QUARTERS = 4;
    private static final int FLAT_PERCENT = 10;
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(10);

    @TempDir Path work;

    private record Sample(
            long atMillis,
            long heapAfterGc,
            long streamsState,
            long streamsEntries,
            long flinkCheckpoint,
            Map<String, Long> lagByGroup) {}

    /**
     * One row of the table: a figure per quarter, and how much more than the second quarter's the
     * later ones may be.
     */
    private record Figure(String name, String unit, long[] byQuarter, double scale, long slack) {

        String shown(int quarter) {
            long value = byQuarter[quarter];
            return scale == 1 ? Long.toString(value) : String.format("%.1f", value / scale);
        }

        long bound() {
            return byQuarter[1] + byQuarter[1] * FLAT_PERCENT / 100 + slack;
        }
    }

    @Test
    void memoryStateLagAndLatencyStayFlat() throws Exception {
        Duration length = Duration.ofMinutes(Long.getLong("headcount.soak.minutes", 60));
        double fps = Double.parseDouble(System.getProperty("headcount.soak.fps", "4"));
        Path reportDir = Path.of(System.getProperty("headcount.soak.report", "target/soak"));
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
        long started;
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(settings);
                LatencyProbe latencies =
                        new LatencyProbe(pipeline.bootstrapServers(), scenario.grace());
                ChangelogCensus census =
                        new ChangelogCensus(
                                pipeline.bootstrapServers(),
                                scenario.window().plus(scenario.grace()));
                Admin admin =
                        Admin.create(
                                Map.of(
                                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        pipeline.bootstrapServers()));
                Gateway gateway =
                        Gateway.start(
                                scenario.gateway(pipeline.bootstrapServers(), null, work),
                                new SimpleMeterRegistry())) {
            // The clock starts with the first processed frame: on a loaded machine the start-up
            // (the job, its models) takes minutes, and would fill the warm-up quarter.
            long deadline = System.currentTimeMillis() + STARTUP_TIMEOUT.toMillis();
            while (latencies.count(LatencyProbe.Path.FRAME_TO_PROCESSED) == 0) {
                assertThat(System.currentTimeMillis())
                        .as("a frame processed within %s", STARTUP_TIMEOUT)
                        .isLessThan(deadline);
                pipeline.checkHealthy();
                Thread.sleep(200);
            }
            started = System.currentTimeMillis();
            long end = started + length.toMillis();
            while (System.currentTimeMillis() < end) {
                Thread.sleep(SAMPLE_SECONDS * 1000L);
                pipeline.checkHealthy();
                long heapAfterGc = heapAfterFullGc();
                samples.add(
                        new Sample(
                                System.currentTimeMillis() - started,
                                heapAfterGc,
                                sizeOf(pipeline.stateDir()),
                                census.liveEntries().values().stream()
                                        .mapToLong(Long::longValue)
                                        .sum(),
                                newestCheckpointSize(checkpoints),
                                lagByGroup(admin)));
                System.out.println("soak sample " + samples.get(samples.size() - 1));
            }
            List<Figure> figures = figures(length, fps, samples, latencies, started);
            String table = table(length, fps, load, latencies, figures);
            System.out.println(table);
            write(reportDir, length, fps, load, samples, figures, table);
            assertFlat(samples, figures);
        }
    }

    private static List<Figure> figures(
            Duration length,
            double fps,
            List<Sample> samples,
            LatencyProbe latencies,
            long started) {
        long quarter = length.toMillis() / QUARTERS;
        List<Figure> figures = new ArrayList<>();
        figures.add(
                peaks(
                        "heap after full GC, peak",
                        "MiB",
                        samples,
                        quarter,
                        Sample::heapAfterGc,
                        1 << 20,
                        4L << 20));
        figures.add(
                peaks(
                        "aggregation state folder, peak",
                        "KiB",
                        samples,
                        quarter,
                        Sample::streamsState,
                        1 << 10,
                        256L << 10));
        figures.add(
                peaks(
                        "live state entries (all stores), peak",
                        "",
                        samples,
                        quarter,
                        Sample::streamsEntries,
                        1,
                        10));
        figures.add(
                peaks(
                        "newest Flink checkpoint, peak",
                        "KiB",
                        samples,
                        quarter,
                        Sample::flinkCheckpoint,
                        1 << 10,
                        256L << 10));
        // Committed offsets trail by up to a commit (a checkpoint, 1 s): 2 s of frames of slack.
        long lagSlack = Math.round(2 * fps) + 2;
        samples.stream()
                .flatMap(s -> s.lagByGroup().keySet().stream())
                .distinct()
                .sorted()
                .forEach(
                        group ->
                                figures.add(
                                        peaks(
                                                "consumer lag of " + group + ", peak",
                                                "records",
                                                samples,
                                                quarter,
                                                s -> s.lagByGroup().getOrDefault(group, 0L),
                                                1,
                                                lagSlack)));
        for (LatencyProbe.Path path : LatencyProbe.Path.values()) {
            long[] p99 = new long[QUARTERS];
            for (int q = 0; q < QUARTERS; q++) {
                long from = started + q * quarter;
                long to = q == QUARTERS - 1 ? Long.MAX_VALUE : from + quarter;
                p99[q] = latencies.p99(path, at -> at >= from && at < to);
            }
            // A loaded 2-core machine jitters by a few hundred ms; the figure is about a second.
            figures.add(new Figure("p99 " + path.label, "ms", p99, 1, 300));
        }
        return figures;
    }

    private static Figure peaks(
            String name,
            String unit,
            List<Sample> samples,
            long quarter,
            ToLongFunction<Sample> figure,
            double scale,
            long slack) {
        long[] byQuarter = new long[QUARTERS];
        Arrays.fill(byQuarter, -1);
        for (Sample sample : samples) {
            int q = (int) Math.min(QUARTERS - 1, sample.atMillis() / quarter);
            byQuarter[q] = Math.max(byQuarter[q], figure.applyAsLong(sample));
        }
        return new Figure(name, unit, byQuarter, scale, slack);
    }

    private static void assertFlat(List<Sample> samples, List<Figure> figures) {
        assertThat(samples).as("samples").hasSizeGreaterThanOrEqualTo(2 * QUARTERS);
        for (Figure figure : figures) {
            assertThat(Arrays.stream(figure.byQuarter(), 1, QUARTERS).min().orElse(-1))
                    .as(figure.name() + " measured in every quarter after the first")
                    .isNotNegative();
            for (int q = 2; q < QUARTERS; q++) {
                assertThat(figure.byQuarter()[q])
                        .as(
                                "%s in quarter %d vs the second quarter's %s (+%d %% + %d)",
                                figure.name(), q + 1, figure.shown(1), FLAT_PERCENT, figure.slack())
                        .isLessThanOrEqualTo(figure.bound());
            }
        }
    }

    private static String table(
            Duration length,
            double fps,
            String loadAtStart,
            LatencyProbe latencies,
            List<Figure> figures) {
        StringBuilder table = new StringBuilder();
        table.append("Soak: ")
                .append(length.toMinutes())
                .append(" min, synthetic camera 320x240 at ")
                .append(fps)
                .append(" fps; ")
                .append(latencies.count(LatencyProbe.Path.FRAME_TO_PROCESSED))
                .append(" frames processed, ")
                .append(latencies.count(LatencyProbe.Path.FRAME_TO_OBSERVATION))
                .append(" observations, ")
                .append(latencies.count(LatencyProbe.Path.CLOSING_FRAME_TO_STATS))
                .append(" windows; load average at start ")
                .append(loadAtStart)
                .append(", at end ")
                .append(loadAverage())
                .append("\n\n| figure | Q1 (warm-up) | Q2 | Q3 | Q4 | bound for Q3, Q4 |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Figure figure : figures) {
            String unit = figure.unit().isEmpty() ? "" : " (" + figure.unit() + ")";
            table.append("| ").append(figure.name()).append(unit);
            for (int q = 0; q < QUARTERS; q++) {
                table.append(" | ").append(figure.shown(q));
            }
            table.append(" | ")
                    .append(
                            new Figure("", "", new long[] {figure.bound()}, figure.scale(), 0)
                                    .shown(0))
                    .append(" |\n");
        }
        return table.toString();
    }

    private static void write(
            Path dir,
            Duration length,
            double fps,
            String load,
            List<Sample> samples,
            List<Figure> figures,
            String table)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("soak-report.md"), table);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("minutes", length.toMinutes());
        json.put("fps", fps);
        json.put("loadAverageAtStart", load);
        json.put("loadAverageAtEnd", loadAverage());
        json.put("flatPercent", FLAT_PERCENT);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Figure figure : figures) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("figure", figure.name());
            row.put("unit", figure.unit());
            row.put("byQuarter", figure.byQuarter());
            row.put("scale", figure.scale());
            row.put("bound", figure.bound());
            rows.add(row);
        }
        json.put("figures", rows);
        json.put("samples", samples);
        new ObjectMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve("soak-report.json").toFile(), json);
        System.out.println("soak report written to " + dir.toAbsolutePath());
    }

    /**
     * The heap in use right after a full GC, as the collector reports it: read afterwards from the
     * memory bean, it would count what the pipeline's threads allocated in between (one such sample
     * read 172 MiB among ones of 133).
     */
    private static long heapAfterFullGc() {
        // Two collections, the smaller reading: one run had a single sample of 278 MiB among ones
        // of 126 to 161 (a collection that left garbage behind, or none that counted as full).
        return Math.min(heapAfterOneFullGc(), heapAfterOneFullGc());
    }

    private static long heapAfterOneFullGc() {
        List<com.sun.management.GarbageCollectorMXBean> collectors =
                ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .filter(com.sun.management.GarbageCollectorMXBean.class::isInstance)
                        .map(com.sun.management.GarbageCollectorMXBean.class::cast)
                        .toList();
        Map<String, Long> countsBefore = new HashMap<>();
        collectors.forEach(gc -> countsBefore.put(gc.getName(), gc.getCollectionCount()));
        System.gc();
        Set<String> heapPools =
                ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(pool -> pool.getType() == MemoryType.HEAP)
                        .map(MemoryPoolMXBean::getName)
                        .collect(Collectors.toSet());
        // The full collection System.gc() ran ("G1 Old Generation", "PS MarkSweep", ...).
        for (var gc : collectors) {
            boolean ran = gc.getCollectionCount() > countsBefore.get(gc.getName());
            boolean full = gc.getName().contains("Old") || gc.getName().contains("MarkSweep");
            if (ran && full && gc.getLastGcInfo() != null) {
                return gc.getLastGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(pool -> heapPools.contains(pool.getKey()))
                        .mapToLong(pool -> pool.getValue().getUsed())
                        .sum();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Records each consumer group has still to read (to the last committed record) on its topics.
     */
    private static Map<String, Long> lagByGroup(Admin admin) throws Exception {
        Map<String, Long> lag = new TreeMap<>();
        for (var listing : admin.listConsumerGroups().all().get()) {
            String group = listing.groupId();
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            committed.values().removeIf(java.util.Objects::isNull);
            if (committed.isEmpty()) {
                continue;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            var ends =
                    admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                            .all()
                            .get();
            long sum = 0;
            for (var entry : committed.entrySet()) {
                var endOffset = ends.get(entry.getKey());
                if (endOffset != null) {
                    sum += Math.max(0, endOffset.offset() - entry.getValue().offset());
                }
            }
            lag.put(group, sum);
        }
        return lag;
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
