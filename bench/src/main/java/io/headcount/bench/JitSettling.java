package io.headcount.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Whether the JIT is done with the pipeline, by the JVM's own account of its compile time. The
 * broker's, Flink's and Streams' code is large, and much of it runs once per frame or per
 * checkpoint, so its methods reach C2's thresholds only after minutes: on 2 cores the process spent
 * 7 ms of CPU per frame outside its Java threads after a 6 s warm-up, 4.4 ms in the rounds after a
 * 30 s one, 1.4 ms after 240 s. Figures taken before then describe the job's first minutes, not the
 * days it runs. Not thread-safe.
 */
final class JitSettling {

    /** Warm-up steps past the minimum, each judged on its own. */
    static final Duration STEP = Duration.ofSeconds(20);

    /** The JIT counts as settled once it compiles for at most this share of one core. */
    static final double SETTLED_SHARE = 0.05;

    private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    private long compileMillis;
    private long nanos;

    JitSettling() {
        mark();
    }

    /** Whether this JVM reports compile time; without it the warm-up is the fixed minimum. */
    boolean measurable() {
        return compiler != null && compiler.isCompilationTimeMonitoringSupported();
    }

    /** Starts a step. */
    void mark() {
        compileMillis = measurable() ? compiler.getTotalCompilationTime() : 0;
        nanos = System.nanoTime();
    }

    /**
     * The JIT's compile time since the last {@link #mark} as a share of the wall time of one core
     * (the compiler threads' time added up, so above 1 while several compile at once).
     */
    double shareSinceMark() {
        double wallMillis = Math.max(1, (System.nanoTime() - nanos) / 1e6);
        return compileMillisSinceMark() / wallMillis;
    }

    /** The JIT's compile time since the last {@link #mark}, in milliseconds (0 if unknown). */
    double compileMillisSinceMark() {
        return measurable() ? compiler.getTotalCompilationTime() - compileMillis : 0;
    }
}
