package io.headcount.ingest.source;

import io.headcount.ingest.metrics.GatewayMetrics;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a camera's source open: opens it lazily, and when opening or reading fails with {@link
 * SourceUnavailableException} (or an unexpected runtime error), logs it, counts a reconnect ({@code
 * headcount.gateway.reconnects}), waits with {@link Backoff} and opens it again. The camera's
 * runner sees one source and keeps numbering its frames; other cameras are not affected.
 *
 * <p>A {@link FrameSource#replayable()} source (a file, a folder, the synthetic camera) is reopened
 * where it failed: the frames it already delivered are read again and skipped, so a retry neither
 * repeats nor loses frames. A live stream goes on with what the camera sends now.
 *
 * <p>Gives up only after {@link Backoff#maxAttempts()} consecutive failures: {@link #next()} then
 * throws {@link SourceUnavailableException} (the camera stops without an end-of-stream record, as
 * it did not reach the end). Closed during a wait, it ends (empty).
 */
public final class ReconnectingSource implements FrameSource {

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingSource.class);

    /** Opens a fresh source; may throw {@link SourceUnavailableException}. */
    @FunctionalInterface
    public interface Opener {
        FrameSource open();
    }

    private final String camera;
    private final String description;
    private final Opener opener;
    private final Backoff backoff;
    private final GatewayMetrics metrics;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile FrameSource current;

    /** The thread that reads (and so may close any source). */
    private volatile Thread reader;

    private long skippedBefore;
    private long droppedBefore;
    private int failures;
    private long reconnects;
    private OptionalLong total = OptionalLong.empty();
    private boolean gaveUp;

    /**
     * Frames delivered (or skipped at the start) so far: where a reopened finite source resumes.
     */
    private long position;

    public ReconnectingSource(
            String camera,
            String description,
            Opener opener,
            Backoff backoff,
            GatewayMetrics metrics) {
        this.camera = Objects.requireNonNull(camera, "camera");
        this.description = Objects.requireNonNull(description, "description");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Starts after the first {@code frames} frames of a finite source (a gateway resuming from its
     * checkpoint); call before the first {@link #next()}.
     */
    public ReconnectingSource startingAfter(long frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("frames must not be negative, got " + frames);
        }
        position = frames;
        return this;
    }

    /**
     * Opens the source now, so that its total is known for the progress line; failures are retried
     * later.
     */
    public ReconnectingSource openEagerly() {
        reader = Thread.currentThread();
        try {
            ensureOpen();
        } catch (RuntimeException e) {
            if (closed.getCount() > 0 && onFailure(e)) {
                waitBeforeRetry();
            }
        }
        return this;
    }

    @Override
    public Optional<SourceFrame> next() {
        reader = Thread.currentThread();
        while (closed.getCount() > 0) {
            if (gaveUp) {
                throw new SourceUnavailableException(
                        "camera "
                                + camera
                                + " gave up on "
                                + description
                                + " after "
                                + failures
                                + " failed attempts");
            }
            try {
                FrameSource source = ensureOpen();
                Optional<SourceFrame> frame = source.next();
                failures = 0;
                if (frame.isPresent()) {
                    position++;
                }
                return frame;
            } catch (RuntimeException e) {
                if (closed.getCount() == 0) {
                    break;
                }
                if (onFailure(e) && !waitBeforeRetry()) {
                    break;
                }
            }
        }
        return Optional.empty();
    }

    private FrameSource ensureOpen() {
        FrameSource source = current;
        if (source == null) {
            source = opener.open();
            current = source;
            if (closed.getCount() == 0) { // closed while opening
                source.close();
                throw new IllegalStateException("closed");
            }
            if (total.isEmpty()) {
                total = source.totalFrames();
            }
            LOG.info("Camera {}: opened {}", camera, source.describe());
            if (position > 0 && source.replayable()) {
                skipDelivered(source);
            }
        }
        return source;
    }

    private void skipDelivered(FrameSource source) {
        for (long i = 0; i < position; i++) {
            if (source.next().isEmpty()) {
                LOG.warn(
                        "Camera {}: {} ended after {} frames while skipping the {} already delivered",
                        camera,
                        source.describe(),
                        i,
                        position);
                return;
            }
        }
        LOG.info("Camera {}: skipped the {} frames already delivered", camera, position);
    }

    /** Closes the failed source and counts the failure; false if the camera gives up. */
    private boolean onFailure(RuntimeException e) {
        FrameSource failed = current;
        current = null;
        if (failed != null) {
            skippedBefore += failed.skipped();
            droppedBefore += failed.dropped();
            failed.close();
        }
        failures++;
        if (backoff.givesUpAfter(failures)) {
            gaveUp = true;
            LOG.error(
                    "Camera {}: giving up on {} after {} failed attempts: {}",
                    camera,
                    description,
                    failures,
                    e.toString());
            return false;
        }
        reconnects++;
        metrics.reconnect(camera);
        LOG.warn(
                "Camera {}: {} failed ({}); reconnecting in {} ms (attempt {})",
                camera,
                description,
                e.toString(),
                backoff.delayAfter(failures).toMillis(),
                failures);
        return true;
    }

    private boolean waitBeforeRetry() {
        try {
            return !closed.await(backoff.delayAfter(failures).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Reconnects so far (each failure that was retried). */
    public long reconnects() {
        return reconnects;
    }

    /** Whether the source ended because it failed {@link Backoff#maxAttempts()} times in a row. */
    public boolean gaveUp() {
        return gaveUp;
    }

    @Override
    public long skipped() {
        FrameSource source = current;
        return skippedBefore + (source == null ? 0 : source.skipped());
    }

    @Override
    public long dropped() {
        FrameSource source = current;
        return droppedBefore + (source == null ? 0 : source.dropped());
    }

    @Override
    public OptionalLong totalFrames() {
        return total;
    }

    @Override
    public String describe() {
        FrameSource source = current;
        return source == null ? description : source.describe();
    }

    /**
     * Ends a backoff wait or a stream read at once, from any thread. The source itself is closed
     * here if it allows that from any thread, else by the reading thread's own {@code close()}
     * (call it when done); idempotent.
     */
    @Override
    public void close() {
        closed.countDown();
        FrameSource source = current;
        if (source != null
                && (source.closableFromAnyThread() || Thread.currentThread() == reader)) {
            source.close();
        }
    }
}
