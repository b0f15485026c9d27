package io.headcount.ingest;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress line of one camera, logged at most once per interval: frames done (of the total for
 * a finite source), percentage and the frame rate since the previous line. Used by the camera's
 * thread only.
 */
final class ProgressLine {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLine.class);

    private final String camera;
    private final OptionalLong total;
    private final long intervalNanos;
    private final long startNanos = System.nanoTime();
    private final long firstSequence;
    private long lastNanos = startNanos;
    private long lastDone;

    ProgressLine(String camera, OptionalLong total, long firstSequence, Duration interval) {
        this.camera = camera;
        this.total = total;
        this.firstSequence = firstSequence;
        this.lastDone = firstSequence;
        this.intervalNanos = interval.toNanos();
    }

    /** {@code done} frames are published (sequence numbers before it). */
    void frameDone(long done) {
        long now = System.nanoTime();
        if (intervalNanos > 0 && now - lastNanos >= intervalNanos) {
            LOG.info("{}", line(done, (done - lastDone) / seconds(now - lastNanos)));
            lastNanos = now;
            lastDone = done;
        }
    }

    void finished(long done) {
        if (intervalNanos > 0) {
            LOG.info(
                    "{} (done)",
                    line(done, (done - firstSequence) / seconds(System.nanoTime() - startNanos)));
        }
    }

    String line(long done, double fps) {
        if (total.isPresent() && total.getAsLong() > 0) {
            return String.format(
                    Locale.ROOT,
                    "Camera %s: %d/%d frames (%.0f%%), %.1f fps",
                    camera,
                    done,
                    total.getAsLong(),
                    100.0 * done / total.getAsLong(),
                    fps);
        }
        return String.format(Locale.ROOT, "Camera %s: %d frames, %.1f fps", camera, done, fps);
    }

    private static double seconds(long nanos) {
        return Math.max(nanos, 1) / 1e9;
    }
}
