package io.headcount.aggregation.errors;

import io.headcount.aggregation.metrics.AggregationMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bad records never get here (the three exception handlers turn them into dead letters), so what
 * does is a broker, state or code problem. A lost thread is replaced: under EOS v2 the new thread
 * resumes from the last committed transaction, so a transient failure costs nothing. A failure that
 * repeats more than {@code maxReplacements} times within {@code period} is not transient: the
 * client shuts down (state ERROR), which a launcher or orchestrator sees, instead of looping. Each
 * failure counts in {@code headcount.stream.thread.failures} by the response given (the exception
 * is in the log).
 */
public final class StreamThreadFailureHandler implements StreamsUncaughtExceptionHandler {

    public static final int DEFAULT_MAX_REPLACEMENTS = 3;
    public static final Duration DEFAULT_PERIOD = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailureHandler.class);

    private final MeterRegistry registry;
    private final int maxReplacements;
    private final Duration period;
    private final Clock clock;
    private final Deque<Long> recentFailures = new ArrayDeque<>();

    public StreamThreadFailureHandler(
            MeterRegistry registry, int maxReplacements, Duration period, Clock clock) {
        this.registry = registry;
        this.maxReplacements = maxReplacements;
        this.period = period;
        this.clock = clock;
        // At zero from the start: an alert on their increase then sees the first failure.
        AggregationMetrics.streamThreadFailures(
                registry, StreamThreadExceptionResponse.REPLACE_THREAD);
        AggregationMetrics.streamThreadFailures(
                registry, StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    public static StreamThreadFailureHandler withDefaults(MeterRegistry registry) {
        return new StreamThreadFailureHandler(
                registry, DEFAULT_MAX_REPLACEMENTS, DEFAULT_PERIOD, Clock.systemUTC());
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        long now = clock.millis();
        while (!recentFailures.isEmpty() && recentFailures.peekFirst() <= now - period.toMillis()) {
            recentFailures.removeFirst();
        }
        recentFailures.addLast(now);
        if (recentFailures.size() > maxReplacements) {
            AggregationMetrics.streamThreadFailures(
                            registry, StreamThreadExceptionResponse.SHUTDOWN_CLIENT)
                    .increment();
            LOG.error(
                    "Stream thread failed {} times within {}; shutting the aggregation client down",
                    recentFailures.size(),
                    period,
                    exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        AggregationMetrics.streamThreadFailures(
                        registry, StreamThreadExceptionResponse.REPLACE_THREAD)
                .increment();
        LOG.error(
                "Stream thread failed; replacing it ({} of {} allowed within {})",
                recentFailures.size(),
                maxReplacements,
                period,
                exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
