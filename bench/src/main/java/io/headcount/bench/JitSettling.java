package io.headcount.bench;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether the JIT is done with the pipeline. The broker's, Flink's and Streams' code is large, and
 * much of it runs once per frame or per checkpoint, so its methods reach C2's thresholds only after
 * minutes: on 2 cores the process spent 7 ms of CPU per frame outside its Java threads after a 6 s
 * warm-up, 4.4 ms in the rounds after a 30 s one, 1.4 ms after 240 s. Figures taken before then
 * describe the job's first minutes, not the days it runs.
 *
 * <p>Measured as the CPU time of the JVM's compiler threads (Linux: {@code /proc/self/task},
 * threads named {@code C1/C2 CompilerThread}); elsewhere as the JVM's compile time ({@link
 * CompilationMXBean}), which counts the compiler threads' wall time and so reads 2 to 3 times as
 * high on a loaded machine. Not thread-safe.
 */
final class JitSettling {

    /** Warm-up steps past the minimum, each judged on its own. */
    static final Duration STEP = Duration.ofSeconds(20);

    /** The JIT counts as settled once it compiles for at most this share of one core. */
    static final double SETTLED_SHARE = 0.05;

    private static final Path TASKS = Path.of("/proc/self/task");

    /**
     * Clock ticks per second of {@code /proc}'s CPU times ({@code getconf CLK_TCK}, 100 on Linux).
     */
    private static final double TICKS_PER_SECOND = 100;

    private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    private final boolean fromProc = compilerThreadTicks() != null;
    private Map<String, Long> threadTicks = Map.of();
    private long compileMillis;
    private long nanos;

    JitSettling() {
        mark();
    }

    /** Whether the JIT's time is known at all; without it every share reads 0. */
    private boolean measurable() {
        return fromProc || (compiler != null && compiler.isCompilationTimeMonitoringSupported());
    }

    /** Starts a step. */
    void mark() {
        if (fromProc) {
            Map<String, Long> now = compilerThreadTicks();
            threadTicks = now == null ? Map.of() : now;
        } else if (measurable()) {
            compileMillis = compiler.getTotalCompilationTime();
        }
        nanos = System.nanoTime();
    }

    /** The JIT's time since the last {@link #mark} as a share of the wall time of one core. */
    double shareSinceMark() {
        double wallMillis = Math.max(1, (System.nanoTime() - nanos) / 1e6);
        return compileMillisSinceMark() / wallMillis;
    }

    /** The JIT's time since the last {@link #mark}, in milliseconds (0 if unknown). */
    double compileMillisSinceMark() {
        if (fromProc) {
            Map<String, Long> now = compilerThreadTicks();
            if (now == null) {
                return 0;
            }
            // Per thread: the JVM starts and stops compiler threads as the queue grows and shrinks.
            long ticks = 0;
            for (Map.Entry<String, Long> thread : now.entrySet()) {
                ticks += thread.getValue() - threadTicks.getOrDefault(thread.getKey(), 0L);
            }
            return ticks * 1000 / TICKS_PER_SECOND;
        }
        return measurable() ? compiler.getTotalCompilationTime() - compileMillis : 0;
    }

    /**
     * The CPU clock ticks of each compiler thread alive now, by thread id, or null where {@code
     * /proc} does not tell.
     */
    static Map<String, Long> compilerThreadTicks() {
        if (!Files.isDirectory(TASKS)) {
            return null;
        }
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm"));
                    if (!name.startsWith("C1 CompilerThre")
                            && !name.startsWith("C2 CompilerThre")) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    // After the parenthesised name: field 3 (state) first; utime and stime are 14
                    // and 15.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(
                            task.getFileName().toString(),
                            Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException | RuntimeException e) {
                    // A thread that ended while being read: its time is gone either way.
                }
            }
        } catch (IOException e) {
            return null;
        }
        return ticks.isEmpty() ? null : ticks;
    }
}
