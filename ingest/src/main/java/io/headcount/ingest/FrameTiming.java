package io.headcount.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Capture times and pacing of a source without a clock of its own, such as an image folder: frames
 * are spaced evenly, {@code captureTime(n) = start + round(n * 1000 / framesPerSecond)} ms, so the
 * same folder and start always give the same times (and replays the same counts).
 *
 * <p>Kafka refuses records stamped more than an hour ahead of the broker's clock ({@code
 * message.timestamp.after.max.ms}), and deletes them by their time ({@code retention.ms}, 24 h for
 * frames): a long replay sent as fast as possible should start in the recent past.
 *
 * @param start capture time of the first frame (sequence 0), whole milliseconds
 * @param framesPerSecond frame rate of the capture times, and of sending when {@code realTime}
 * @param realTime send each frame when its capture time comes, relative to the start of the run;
 *     otherwise send as fast as Kafka takes them
 */
public record FrameTiming(Instant start, double framesPerSecond, boolean realTime) {

    public FrameTiming {
        Objects.requireNonNull(start, "start");
        if (!(framesPerSecond > 0 && Double.isFinite(framesPerSecond))) {
            throw new IllegalArgumentException(
                    "framesPerSecond must be positive, got " + framesPerSecond);
        }
        // Record timestamps and the Avro timestamp-millis field hold milliseconds only.
        start = start.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Sends one frame every {@code 1 / framesPerSecond} seconds, like a live camera. */
    public static FrameTiming realTime(Instant start, double framesPerSecond) {
        return new FrameTiming(start, framesPerSecond, true);
    }

    /** Sends as fast as possible; capture times are still spaced at {@code framesPerSecond}. */
    public static FrameTiming asFastAsPossible(Instant start, double framesPerSecond) {
        return new FrameTiming(start, framesPerSecond, false);
    }

    /** Offset of frame {@code sequence} from the start, whole milliseconds. */
    public Duration offsetOf(long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative, got " + sequence);
        }
        return Duration.ofMillis(Math.round(sequence * 1000.0 / framesPerSecond));
    }

    public Instant captureTimeOf(long sequence) {
        return start.plus(offsetOf(sequence));
    }
}
