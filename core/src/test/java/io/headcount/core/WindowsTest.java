package io.headcount.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowsTest {

    @Test
    void aTimeBelongsToTheWindowStartingAtTheMultipleOfItsSizeBelowIt() {
        Duration tenSeconds = Duration.ofSeconds(10);
        assertThat(Windows.startOf(Instant.parse("2026-11-28T12:00:19.999Z"), tenSeconds))
                .isEqualTo(Instant.parse("2026-11-28T12:00:10Z"));
        assertThat(Windows.startOf(Instant.parse("2026-11-28T12:00:20Z"), tenSeconds))
                .isEqualTo(Instant.parse("2026-11-28T12:00:20Z"));
        // Before the epoch the start is still below the time, not towards zero.
        assertThat(Windows.startOf(Instant.ofEpochMilli(-1), tenSeconds))
                .isEqualTo(Instant.ofEpochMilli(-10_000));
    }

    @Test
    void theMillisecondFormAlignsAsTheInstantForm() {
        assertThat(Windows.startOf(20_999L, 10_000L)).isEqualTo(20_000L);
        assertThat(Windows.startOf(20_000L, 10_000L)).isEqualTo(20_000L);
        assertThat(Windows.startOf(-1L, 10_000L)).isEqualTo(-10_000L);
    }

    @Test
    void aRecentStartIsAlignedAndLeavesTheSpanBeforeNow() {
        Duration window = Duration.ofSeconds(5);
        Instant before = Instant.now();
        Instant start = Windows.recentStart(Duration.ofMinutes(2), window);

        assertThat(start.toEpochMilli() % window.toMillis()).isZero();
        assertThat(start).isBetween(before.minusSeconds(125), before.minusSeconds(115));
    }

    @Test
    void aWindowWithoutLengthIsRefused() {
        assertThatThrownBy(() -> Windows.startOf(Instant.EPOCH, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
