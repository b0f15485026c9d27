package io.headcount.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the bench's CPU goes: the CPU time of every thread of this JVM (Java threads, the JIT's
 * compilers, the collector's, the in-process broker's), read from {@code /proc/self/task} (Linux;
 * elsewhere {@link #read} is empty), summed by {@link Part}. Everything of the end-to-end run is in
 * this one JVM, so the parts say how much of the machine the job's own threads got and what the
 * rest cost.
 */
final class ThreadCpu {

    /** Groups of threads, told apart by their names (the kernel keeps 15 characters). */
    enum Part {
        /**
         * The job's task threads: detection, tracking and describing (chain from prepare-frame).
         */
        JOB_TASKS("job_tasks"),
        /** The job's decoding threads: JPEG, letterbox, frame-level mask detector. */
        JOB_DECODING("job_decoding"),
        /** The rest of the Flink job and cluster: sources, sinks, encoders, coordination. */
        FLINK_OTHER("flink_other"),
        /** The in-process Kafka broker (production runs it elsewhere). */
        KAFKA_BROKER("kafka_broker"),
        /** Kafka clients' network threads: the job's sinks and source, the bench's producer. */
        KAFKA_CLIENTS("kafka_clients"),
        /** The aggregation's Kafka Streams threads. */
        AGGREGATION("aggregation"),
        /** The JIT compilers: still compiling the broker's, Flink's and Streams' code. */
        JIT("jit"),
        /** The garbage collector. */
        GC("gc"),
        /** Anything else: the bench's own threads (frame sender, result reader), the JVM's. */
        OTHER("other");

        final String key;

        Part(String key) {
            this.key = key;
        }

        static Part of(String thread) {
            if (thread.startsWith("prepare-frame-")) {
                return JOB_DECODING;
            }
            if (thread.startsWith("prepare-frame")) {
                return JOB_TASKS;
            }
            if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
                return JIT;
            }
            if (thread.startsWith("GC ") || thread.startsWith("G1 ")) {
                return GC;
            }
            if (thread.startsWith("headcount-aggr") || thread.contains("StreamThread")) {
                return AGGREGATION;
            }
            if (thread.startsWith("kafka-producer")
                    || thread.startsWith("kafka-admin")
                    || thread.startsWith("kafka-coordina")) {
                return KAFKA_CLIENTS;
            }
            if (thread.startsWith("data-plane")
                    || thread.startsWith("kafka-")
                    || thread.startsWith("broker-")
                    || thread.startsWith("controller-")
                    || thread.startsWith("quorum-")
                    || thread.startsWith("raft-")
                    || thread.startsWith("TxnMarker")
                    || thread.startsWith("AddPartitions")
                    || thread.startsWith("group-coordi")
                    || thread.startsWith("transaction")
                    || thread.startsWith("ExpirationRe")
                    || thread.startsWith("LogDirFailure")) {
                return KAFKA_BROKER;
            }
            if (thread.startsWith("Source")
                    || thread.startsWith("flink-")
                    || thread.startsWith("encode-")
                    || thread.startsWith("resume-notic")
                    || thread.startsWith("OutputFlusher")
                    || thread.startsWith("AsyncOperati")
                    || thread.startsWith("jobmanager")
                    || thread.startsWith("mini-cluster")) {
                return FLINK_OTHER;
            }
            return OTHER;
        }
    }

    /** CPU ticks (user + system) per thread id, with its name. */
    record Snapshot(Map<String, Long> ticks, Map<String, String> names) {

        /** Milliseconds of CPU per part between {@code earlier} and this snapshot. */
        Map<Part, Double> millisSince(Snapshot earlier) {
            Map<Part, Double> millis = new LinkedHashMap<>();
            for (Part part : Part.values()) {
                millis.put(part, 0.0);
            }
            for (Map.Entry<String, Long> thread : ticks.entrySet()) {
                long delta = thread.getValue() - earlier.ticks.getOrDefault(thread.getKey(), 0L);
                millis.merge(
                        Part.of(names.get(thread.getKey())),
                        delta * 1000.0 / TICKS_PER_SECOND,
                        Double::sum);
            }
            return millis;
        }
    }

    /** {@code USER_HZ}: 100 on every Linux this runs on. */
    static final int TICKS_PER_SECOND = 100;

    private static final Path TASKS = Path.of("/proc/self/task");

    private ThreadCpu() {}

    /** This JVM's threads now; empty where {@code /proc} is not there. */
    static Optional<Snapshot> read() {
        if (!Files.isDirectory(TASKS)) {
            return Optional.empty();
        }
        Map<String, Long> ticks = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
                } catch (IOException ended) {
                    continue; // the thread ended between the listing and the read
                }
                String id = task.getFileName().toString();
                names.put(id, stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
                ticks.put(id, ticksOf(stat));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new Snapshot(ticks, names));
    }

    /** utime + stime: fields 14 and 15 of a stat line, counted after the name's closing ')'. */
    static long ticksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
