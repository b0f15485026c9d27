package io.headcount.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FrameTimingTest {

    private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void framesAreSpacedEvenlyFromTheStart() {
        FrameTiming tenFps = FrameTiming.asFastAsPossible(START, 10);

        assertThat(tenFps.captureTimeOf(0)).isEqualTo(START);
        assertThat(tenFps.captureTimeOf(1)).isEqualTo(START.plusMillis(100));
        assertThat(tenFps.captureTimeOf(25)).isEqualTo(START.plusMillis(2500));
    }

    @Test
    void fractionalIntervalsRoundToTheNearestMillisecondWithoutDrift() {
        FrameTiming thirtyFps = FrameTiming.realTime(START, 30);

        assertThat(thirtyFps.captureTimeOf(1)).isEqualTo(START.plusMillis(33));
        assertThat(thirtyFps.captureTimeOf(2)).isEqualTo(START.plusMillis(67));
        assertThat(thirtyFps.captureTimeOf(3)).isEqualTo(START.plusMillis(100));
        assertThat(thirtyFps.captureTimeOf(30 * 3600)).isEqualTo(START.plusSeconds(3600));
    }

    @Test
    void theStartIsKeptToWholeMilliseconds() {
        FrameTiming timing = FrameTiming.asFastAsPossible(START.plusNanos(1_234_567), 5);

        assertThat(timing.start()).isEqualTo(START.plusMillis(1));
        assertThat(timing.captureTimeOf(1)).isEqualTo(START.plusMillis(201));
    }

    @Test
    void refusesImpossibleRatesAndSequences() {
        assertThatThrownBy(() -> FrameTiming.realTime(START, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameTiming.realTime(START, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameTiming.realTime(START, 10).captureTimeOf(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
