package io.headcount.bench.aggregation;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU time of this process by kind of thread, between two snapshots: where an aggregation run's CPU
 * goes besides the stream threads (their Kafka clients, the in-process broker, the JVM's own
 * compiler and GC threads, which are not Java threads and are the process's time the Java threads
 * do not account for).
 */
final class ThreadCpu {

    /** A stream thread itself (processing, committing), not its clients' network threads. */
    static final String STREAM_THREADS = "stream threads";

    /** The stream threads' producers (network I/O) and other clients of the app. */
    static final String STREAM_CLIENTS = "stream clients";

    /** Every other Java thread: the in-process broker, the bench's reader. */
    static final String BROKER_AND_OTHERS = "broker and others";

    /** The process's CPU time that no Java thread accounts for: JIT compilers, GC, the VM. */
    static final String JVM = "JVM (JIT, GC)";

    private static final Pattern STREAM_THREAD = Pattern.compile(".*-StreamThread-\\d+$");

    private final long processNanos;
    private final Map<Long, Long> threadNanos;
    private final Map<Long, String> threadNames;

    private ThreadCpu(long processNanos, Map<Long, Long> threadNanos, Map<Long, String> names) {
        this.processNanos = processNanos;
        this.threadNanos = threadNanos;
        this.threadNames = names;
    }

    static ThreadCpu now() {
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
        return new ThreadCpu(
                ((com.sun.management.OperatingSystemMXBean)
                                ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime(),
                nanos,
                names);
    }

    /** The kind of a Java thread, by its name. */
    static String kind(String threadName) {
        if (STREAM_THREAD.matcher(threadName).matches()) {
            return STREAM_THREADS;
        }
        if (threadName.contains("-StreamThread-")) {
            return STREAM_CLIENTS;
        }
        return BROKER_AND_OTHERS;
    }

    /**
     * CPU seconds from {@code before} to this snapshot, by kind (in the order of the constants
     * above); a thread that ended in between is not counted, so its time shows under {@link #JVM}.
     */
    Map<String, Double> secondsSince(ThreadCpu before) {
        Map<String, Double> byKind = new LinkedHashMap<>();
        byKind.put(STREAM_THREADS, 0.0);
        byKind.put(STREAM_CLIENTS, 0.0);
        byKind.put(BROKER_AND_OTHERS, 0.0);
        double javaSeconds = 0;
        for (Map.Entry<Long, Long> thread : threadNanos.entrySet()) {
            double seconds =
                    (thread.getValue() - before.threadNanos.getOrDefault(thread.getKey(), 0L))
                            / 1e9;
            byKind.merge(kind(threadNames.get(thread.getKey())), seconds, Double::sum);
            javaSeconds += seconds;
        }
        byKind.put(JVM, Math.max(0, (processNanos - before.processNanos) / 1e9 - javaSeconds));
        return byKind;
    }

    /** CPU seconds of the whole process from {@code before} to this snapshot. */
    double processSecondsSince(ThreadCpu before) {
        return (processNanos - before.processNanos) / 1e9;
    }

    /** The {@code count} Java threads that took the most CPU since {@code before}, in seconds. */
    Map<String, Double> topThreadsSince(ThreadCpu before, int count) {
        Map<String, Double> byName = new HashMap<>();
        for (Map.Entry<Long, Long> thread : threadNanos.entrySet()) {
            double seconds =
                    (thread.getValue() - before.threadNanos.getOrDefault(thread.getKey(), 0L))
                            / 1e9;
            byName.merge(threadNames.get(thread.getKey()), seconds, Double::sum);
        }
        Map<String, Double> top = new LinkedHashMap<>();
        byName.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(count)
                .forEach(entry -> top.put(entry.getKey(), entry.getValue()));
        return top;
    }
}
