package io.headcount.bench.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a bench's CPU goes: a snapshot of this process's CPU time and of every Java thread's, and
 * between two snapshots the CPU time by {@link Part} of the JVM. Everything a bench measures runs
 * in this one JVM (job, broker, aggregation, the bench's own threads), so the parts say how much of
 * the machine the measured code got and what the rest cost. The JVM's own threads (JIT compilers,
 * collector) are not Java threads: their time is the process's that no Java thread accounts for.
 */
public final class ThreadCpu {

    /** Groups of threads, told apart by their names. */
    public enum Part {
        /**
         * The job's task threads: detection, tracking, describing (the chain from prepare-frame).
         */
        JOB_TASKS("job_tasks"),
        /** The job's decoding threads: JPEG, letterbox, frame-level mask detector. */
        JOB_DECODING("job_decoding"),
        /** The rest of the Flink job and cluster: sources, sinks, encoders, coordination. */
        FLINK_OTHER("flink_other"),
        /** The in-process Kafka broker (a deployment runs it elsewhere). */
        KAFKA_BROKER("kafka_broker"),
        /** Kafka clients' network threads: the job's, the aggregation's, the bench's. */
        KAFKA_CLIENTS("kafka_clients"),
        /** The aggregation's stream threads themselves (processing, committing). */
        AGGREGATION("aggregation"),
        /**
         * The process's time that no Java thread alive at the end accounts for: the JVM's own
         * threads (JIT compilers still compiling, the collector), and Java threads that ended in
         * between (short-lived clients' threads).
         */
        JVM("jvm"),
        /** Any other Java thread: the bench's frame sender and result reader, timers. */
        OTHER("other");

        public final String key;

        Part(String key) {
            this.key = key;
        }

        private static final Pattern STREAM_THREAD = Pattern.compile(".*-StreamThread-\\d+$");

        /** The part of a Java thread, by its name. */
        public static Part of(String thread) {
            if (thread.startsWith("prepare-frame-")) {
                return JOB_DECODING;
            }
            if (thread.startsWith("prepare-frame")) {
                return JOB_TASKS;
            }
            if (STREAM_THREAD.matcher(thread).matches()) {
                return AGGREGATION;
            }
            if (thread.startsWith("kafka-producer")
                    || thread.startsWith("kafka-admin")
                    || thread.startsWith("kafka-coordinator")
                    || thread.contains("-StreamThread-")) {
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
                    || thread.startsWith("group-coordinator")
                    || thread.startsWith("transaction")
                    || thread.startsWith("ExpirationReaper")
                    || thread.startsWith("PersisterStateManager")
                    || thread.startsWith("LogDirFailure")) {
                return KAFKA_BROKER;
            }
            if (thread.startsWith("Source")
                    || thread.startsWith("flink-")
                    || thread.startsWith("encode-")
                    || thread.startsWith("resume-notice")
                    || thread.startsWith("OutputFlusher")
                    || thread.startsWith("AsyncOperations")
                    || thread.startsWith("jobmanager")
                    || thread.startsWith("mini-cluster")) {
                return FLINK_OTHER;
            }
            return OTHER;
        }
    }

    private final long processNanos;
    private final Map<Long, Long> threadNanos;
    private final Map<Long, String> threadNames;

    private ThreadCpu(long processNanos, Map<Long, Long> threadNanos, Map<Long, String> names) {
        this.processNanos = processNanos;
        this.threadNanos = threadNanos;
        this.threadNames = names;
    }

    /** This process's and its Java threads' CPU time now. */
    public static ThreadCpu now() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> nanos = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (thread != null) {
                long cpu = threads.getThreadCpuTime(thread.getThreadId());
                if (cpu >= 0) {
                    nanos.put(thread.getThreadId(), cpu);
                    names.put(thread.getThreadId(), thread.getThreadName());
                }
            }
        }
        long process =
                ((com.sun.management.OperatingSystemMXBean)
                                ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime();
        return new ThreadCpu(process, nanos, names);
    }

    /**
     * Milliseconds of CPU per part from {@code before} to this snapshot, every part present; a Java
     * thread that ended in between is not listed, so its time shows under {@link Part#JVM}.
     */
    public Map<Part, Double> millisSince(ThreadCpu before) {
        Map<Part, Double> millis = new LinkedHashMap<>();
        for (Part part : Part.values()) {
            millis.put(part, 0.0);
        }
        double java = 0;
        for (Map.Entry<Long, Long> thread : nanosSince(before).entrySet()) {
            double delta = thread.getValue() / 1e6;
            millis.merge(Part.of(threadNames.get(thread.getKey())), delta, Double::sum);
            java += delta;
        }
        millis.put(Part.JVM, Math.max(0, processMillisSince(before) - java));
        return millis;
    }

    /** Milliseconds of CPU of the whole process from {@code before} to this snapshot. */
    public double processMillisSince(ThreadCpu before) {
        return (processNanos - before.processNanos) / 1e6;
    }

    /** The {@code count} Java threads that took the most CPU since {@code before}, in seconds. */
    public Map<String, Double> topThreadsSince(ThreadCpu before, int count) {
        Map<String, Double> byName = new HashMap<>();
        for (Map.Entry<Long, Long> thread : nanosSince(before).entrySet()) {
            byName.merge(threadNames.get(thread.getKey()), thread.getValue() / 1e9, Double::sum);
        }
        Map<String, Double> top = new LinkedHashMap<>();
        byName.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(count)
                .forEach(entry -> top.put(entry.getKey(), entry.getValue()));
        return top;
    }

    /**
     * Each Java thread alive now: its CPU nanoseconds since {@code before} (all, if it started
     * since).
     */
    private Map<Long, Long> nanosSince(ThreadCpu before) {
        Map<Long, Long> nanos = new HashMap<>();
        threadNanos.forEach(
                (id, cpu) -> nanos.put(id, cpu - before.threadNanos.getOrDefault(id, 0L)));
        return nanos;
    }
}
