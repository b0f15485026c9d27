package io.headcount.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.ingest.metrics.GatewayMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReconnectingSourceTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Backoff fast = new Backoff(Duration.ofMillis(10), Duration.ofMillis(40), 0);

    /**
     * A finite source of numbered frames that fails once after {@code failAt} frames on its first
     * opening.
     */
    private static FrameSource numbers(int count, int failAt, AtomicInteger openings) {
        int opening = openings.incrementAndGet();
        return new FrameSource() {
            int next;

            @Override
            public Optional<SourceFrame> next() {
                if (opening == 1 && next == failAt) {
                    throw new SourceUnavailableException("decoding error at " + next);
                }
                return next < count
                        ? Optional.of(new SourceFrame(new byte[] {1}, 1, 1, "n" + next++))
                        : Optional.empty();
            }

            @Override
            public long skipped() {
                return 0;
            }

            @Override
            public boolean replayable() {
                return true;
            }

            @Override
            public OptionalLong totalFrames() {
                return OptionalLong.of(count);
            }

            @Override
            public String describe() {
                return "numbers";
            }

            @Override
            public void close() {}
        };
    }

    @Test
    void aFiniteSourceThatFailsIsReopenedWhereItFailedWithoutRepeatsOrGaps() {
        AtomicInteger openings = new AtomicInteger();
        List<String> origins = new ArrayList<>();
        try (ReconnectingSource source =
                new ReconnectingSource(
                        "cam",
                        "numbers",
                        () -> numbers(8, 5, openings),
                        fast,
                        new GatewayMetrics(registry))) {
            for (Optional<SourceFrame> f = source.next(); f.isPresent(); f = source.next()) {
                origins.add(f.get().origin());
            }
            assertThat(source.reconnects()).isEqualTo(1);
        }
        assertThat(origins).containsExactly("n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7");
        assertThat(openings).hasValue(2);
        assertThat(registry.get(GatewayMetrics.RECONNECTS).tag("camera", "cam").counter().count())
                .isEqualTo(1);
    }

    @Test
    void failingOpeningsBackOffExponentiallyAndGiveUpAfterMaxAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        Backoff threeTimes = new Backoff(Duration.ofMillis(50), Duration.ofMillis(120), 3);
        long start = System.nanoTime();
        try (ReconnectingSource source =
                new ReconnectingSource(
                        "cam",
                        "broken",
                        () -> {
                            attempts.incrementAndGet();
                            throw new SourceUnavailableException("unreachable");
                        },
                        threeTimes,
                        new GatewayMetrics(registry))) {
            assertThatThrownBy(source::next)
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("gave up");
            assertThat(source.gaveUp()).isTrue();
            assertThat(source.reconnects()).isEqualTo(2);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(attempts).hasValue(3);
        assertThat(millis).isGreaterThanOrEqualTo(50 + 100); // waits 50 ms, then 100 ms
        assertThat(threeTimes.delayAfter(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(threeTimes.delayAfter(2)).isEqualTo(Duration.ofMillis(100));
        assertThat(threeTimes.delayAfter(5)).isEqualTo(Duration.ofMillis(120));
    }

    @Test
    void closingFromAnotherThreadEndsABackoffWaitAtOnce() throws Exception {
        Backoff slow = new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30), 0);
        ReconnectingSource source =
                new ReconnectingSource(
                        "cam",
                        "broken",
                        () -> {
                            throw new SourceUnavailableException("unreachable");
                        },
                        slow,
                        new GatewayMetrics(registry));
        Thread closer =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(200);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            source.close();
                        });
        closer.start();
        long start = System.nanoTime();
        assertThat(source.next()).isEmpty();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        closer.join();
    }
}
