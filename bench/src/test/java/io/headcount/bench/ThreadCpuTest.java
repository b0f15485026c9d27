package io.headcount.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void threadsOfTheRunFallIntoTheirParts() {
        // Names as the kernel shows them (15 characters) in a bench run.
        assertThat(ThreadCpu.Part.of("prepare-frame -")).isEqualTo(ThreadCpu.Part.JOB_TASKS);
        assertThat(ThreadCpu.Part.of("prepare-frame-0")).isEqualTo(ThreadCpu.Part.JOB_DECODING);
        assertThat(ThreadCpu.Part.of("C2 CompilerThre")).isEqualTo(ThreadCpu.Part.JIT);
        assertThat(ThreadCpu.Part.of("GC Thread#0")).isEqualTo(ThreadCpu.Part.GC);
        assertThat(ThreadCpu.Part.of("data-plane-kafk")).isEqualTo(ThreadCpu.Part.KAFKA_BROKER);
        assertThat(ThreadCpu.Part.of("kafka-producer-")).isEqualTo(ThreadCpu.Part.KAFKA_CLIENTS);
        assertThat(ThreadCpu.Part.of("headcount-aggre")).isEqualTo(ThreadCpu.Part.AGGREGATION);
        assertThat(ThreadCpu.Part.of("Source Data Fet")).isEqualTo(ThreadCpu.Part.FLINK_OTHER);
        assertThat(ThreadCpu.Part.of("bench-results-r")).isEqualTo(ThreadCpu.Part.OTHER);
    }

    @Test
    void readsTheFieldsAfterANameWithSpacesAndParentheses() {
        String stat = "42 (C2 Compiler (x)) S 1 2 3 4 5 6 7 8 9 10 170 30 0 0 20 0";
        assertThat(ThreadCpu.ticksOf(stat)).isEqualTo(200);
    }

    @Test
    void cpuOfABusyThreadCountsInItsPart() throws Exception {
        assumeTrue(ThreadCpu.read().isPresent(), "no /proc/self/task (not Linux)");
        ThreadCpu.Snapshot before = ThreadCpu.read().orElseThrow();
        Thread busy =
                new Thread(
                        () -> {
                            long end = System.nanoTime() + 400_000_000L;
                            double x = 0;
                            while (System.nanoTime() < end) {
                                x += Math.sqrt(x + 1);
                            }
                            if (x < 0) {
                                throw new AssertionError();
                            }
                        },
                        "prepare-frame-7");
        busy.start();
        Thread.sleep(300); // read while it runs: a thread that has ended is not listed
        ThreadCpu.Snapshot during = ThreadCpu.read().orElseThrow();
        busy.join();
        Map<ThreadCpu.Part, Double> millis = during.millisSince(before);
        assertThat(millis).containsKeys(ThreadCpu.Part.values());
        assertThat(millis.get(ThreadCpu.Part.JOB_DECODING)).isGreaterThan(0.0);
    }
}
