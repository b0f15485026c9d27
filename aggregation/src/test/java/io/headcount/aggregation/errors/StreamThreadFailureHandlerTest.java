package io.headcount.aggregation.errors;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadFailureHandlerTest {

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StreamThreadFailureHandler handler =
            new StreamThreadFailureHandler(registry, 2, Duration.ofMinutes(1), clock);

    @Test
    void replacesAFailedThreadUntilFailuresRepeatTooOften() {
        StreamsException failure = new StreamsException("broker fenced the producer");

        assertThat(failures(SHUTDOWN_CLIENT)).as("registered at zero").isZero();
        assertThat(failures(REPLACE_THREAD)).as("registered at zero").isZero();
        assertThat(handler.handle(failure)).isEqualTo(REPLACE_THREAD);
        clock.advance(Duration.ofSeconds(20));
        assertThat(handler.handle(failure)).isEqualTo(REPLACE_THREAD);
        clock.advance(Duration.ofSeconds(20));
        assertThat(handler.handle(failure)).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(failures(REPLACE_THREAD)).isEqualTo(2);
        assertThat(failures(SHUTDOWN_CLIENT)).isEqualTo(1);
    }

    private double failures(StreamThreadExceptionResponse response) {
        return registry.get("headcount.stream.thread.failures")
                .tags("component", "aggregation", "response", response.name())
                .counter()
                .count();
    }

    @Test
    void failuresOlderThanThePeriodAreForgotten() {
        StreamsException failure = new StreamsException("state directory was wiped");

        for (int i = 0; i < 5; i++) {
            assertThat(handler.handle(failure)).isEqualTo(REPLACE_THREAD);
            clock.advance(Duration.ofSeconds(31));
        }
    }

    /** A wall clock that tests move by hand. */
    private static final class SteppingClock extends Clock {
        private Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
