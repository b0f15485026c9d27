package io.headcount.bench.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void threadsOfARunFallIntoTheirParts() {
        // Names as the threads of a bench run have them.
        assertThat(
                        ThreadCpu.Part.of(
                                "prepare-frame -> decode-frame -> (frame-timestamps -> detect-faces) (1/2)#0"))
                .isEqualTo(ThreadCpu.Part.JOB_TASKS);
        assertThat(ThreadCpu.Part.of("prepare-frame-0")).isEqualTo(ThreadCpu.Part.JOB_DECODING);
        assertThat(ThreadCpu.Part.of("headcount-aggregation-8a168fb6-StreamThread-1"))
                .isEqualTo(ThreadCpu.Part.AGGREGATION);
        assertThat(
                        ThreadCpu.Part.of(
                                "kafka-producer-network-thread | headcount-aggregation-8a168fb6-StreamThread-1-producer"))
                .isEqualTo(ThreadCpu.Part.KAFKA_CLIENTS);
        assertThat(ThreadCpu.Part.of("data-plane-kafka-request-handler-0"))
                .isEqualTo(ThreadCpu.Part.KAFKA_BROKER);
        assertThat(ThreadCpu.Part.of("Source Data Fetcher for Source: frames-source (1/1)#0"))
                .isEqualTo(ThreadCpu.Part.FLINK_OTHER);
        assertThat(ThreadCpu.Part.of("bench-results-reader")).isEqualTo(ThreadCpu.Part.OTHER);
    }

    @Test
    void cpuOfABusyThreadCountsInItsPartAndEveryPartIsThere() throws Exception {
        ThreadCpu before = ThreadCpu.now();
        CountDownLatch spent = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Thread busy =
                new Thread(
                        () -> {
                            // Spins until it has had 100 ms of CPU (however loaded the machine),
                            // then stays alive until read: an ended thread is not listed.
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
        ThreadCpu during = ThreadCpu.now();
        read.countDown();
        busy.join();
        Map<ThreadCpu.Part, Double> millis = during.millisSince(before);
        assertThat(millis).containsOnlyKeys(ThreadCpu.Part.values());
        assertThat(millis.get(ThreadCpu.Part.JOB_DECODING)).isGreaterThanOrEqualTo(100.0);
        assertThat(millis.values()).allSatisfy(part -> assertThat(part).isNotNegative());
        // The process's time comes in the kernel's ticks (10 ms), the threads' in nanoseconds.
        assertThat(during.processMillisSince(before))
                .isGreaterThanOrEqualTo(millis.get(ThreadCpu.Part.JOB_DECODING) - 20);
        assertThat(during.topThreadsSince(before, 1)).containsKey("prepare-frame-7");
    }
}
