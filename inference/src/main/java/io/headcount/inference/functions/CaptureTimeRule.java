package io.headcount.inference.functions;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which capture times the job accepts. A frame stamped far ahead of the processing clock (a gateway
 * with a wrong clock, or a forged record) would push its camera's event time, tracker and windows
 * ahead, so that every honest frame after it counts as late; a frame before the horizon (epoch 0, a
 * reset clock) is no recording anyone can mean. Both are dead-lettered with a reason instead.
 * Replays of recorded frames stay valid: only the future is judged against the clock.
 *
 * @param maxFutureSkew largest accepted lead of a capture time over the processing clock (the
 *     aggregation app's {@code max.future.skew.ms} has the same default, 5 minutes)
 * @param horizon earliest accepted capture time
 */
public record CaptureTimeRule(Duration maxFutureSkew, Instant horizon) implements Serializable {

    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);
    public static final Instant DEFAULT_HORIZON = Instant.parse("2000-01-01T00:00:00Z");

    /** Dead-letter reason: the capture time is more than the allowed skew ahead of the clock. */
    public static final String IN_FUTURE = "CAPTURE_TIME_IN_FUTURE";

    /** Dead-letter reason: the capture time is before the horizon. */
    public static final String BEFORE_HORIZON = "CAPTURE_TIME_BEFORE_HORIZON";

    public CaptureTimeRule {
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        Objects.requireNonNull(horizon, "horizon");
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew must not be negative");
        }
    }

    public static CaptureTimeRule defaults() {
        return new CaptureTimeRule(DEFAULT_MAX_FUTURE_SKEW, DEFAULT_HORIZON);
    }

    /** The reason and detail of a refused capture time, empty if it is accepted. */
    public Optional<Violation> violation(long captureMillis, long nowMillis) {
        if (captureMillis > nowMillis + maxFutureSkew.toMillis()) {
            return Optional.of(
                    new Violation(
                            IN_FUTURE,
                            "capture time "
                                    + Instant.ofEpochMilli(captureMillis)
                                    + " is more than "
                                    + maxFutureSkew
                                    + " ahead of the processing clock ("
                                    + Instant.ofEpochMilli(nowMillis)
                                    + ")"));
        }
        if (captureMillis < horizon.toEpochMilli()) {
            return Optional.of(
                    new Violation(
                            BEFORE_HORIZON,
                            "capture time "
                                    + Instant.ofEpochMilli(captureMillis)
                                    + " is before the horizon "
                                    + horizon));
        }
        return Optional.empty();
    }

    /** A refused capture time: the dead-letter reason code and a sentence for people. */
    public record Violation(String reason, String detail) {}
}
