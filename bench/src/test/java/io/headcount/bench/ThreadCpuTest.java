package io.headcount.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        CountDownLatch spent = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Thread busy =
                new Thread(
                        () -> {
                            // Spins until it has had 100 ms of CPU (however loaded the machine),
                            // then stays alive until it has been read: an ended thread is not
                            // listed.
                            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                            double x = 0;
                            while (threads.getCurrentThreadCpuTime() < 100_000_000L) {
                                x += Math.sqrt(x + 1);
                            }
                            spent.countDown();
                            try {
                                read.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            if (x < 0) {
                                throw new AssertionError();
                            }
                        },
                        "prepare-frame-7");
        busy.start();
        assertThat(spent.await(60, TimeUnit.SECONDS)).isTrue();
        ThreadCpu.Snapshot during = ThreadCpu.read().orElseThrow();
        read.countDown();
        busy.join();
        Map<ThreadCpu.Part, Double> millis = during.millisSince(before);
        assertThat(millis).containsKeys(ThreadCpu.Part.values());
        // 100 ms of CPU, in ticks of 10 ms.
        assertThat(millis.get(ThreadCpu.Part.JOB_DECODING)).isGreaterThanOrEqualTo(80.0);
    }
}
