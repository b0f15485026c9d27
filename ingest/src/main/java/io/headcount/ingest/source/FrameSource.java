package io.headcount.ingest.source;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The frames of one camera, one at a time: image folders, video files, MJPEG and RTSP streams, the
 * synthetic camera. A source is used by one thread (except {@link #close()}, which may come from
 * another to unblock it).
 *
 * <p>Frames the source cannot read are skipped, logged and counted in {@link #skipped()}; they
 * never end the source. A source that cannot go on at all (a stream that dropped, a file that
 * cannot be opened) throws {@link SourceUnavailableException}; the gateway then reopens it with
 * backoff.
 */
public interface FrameSource extends AutoCloseable {

    /**
     * The next frame, or empty at the end of the source. May block while a live source waits for
     * its camera.
     *
     * @throws SourceUnavailableException if the source cannot deliver frames now (reopen it)
     * @throws IllegalStateException after {@link #close()}
     */
    Optional<SourceFrame> next();

    /** How many frames (files) were unreadable and skipped so far. */
    long skipped();

    /** Frames a live source discarded because the gateway did not take them in time. */
    default long dropped() {
        return 0;
    }

    /** How many frames a finite source delivers in all, if known (for progress lines). */
    default OptionalLong totalFrames() {
        return OptionalLong.empty();
    }

    /**
     * Whether opening the source again delivers the same frames in the same order (files, folders,
     * the synthetic camera; not live streams): a reopened or resumed camera then skips what it
     * delivered.
     */
    default boolean replayable() {
        return false;
    }

    /**
     * What the source reads, for logs, e.g. {@code image folder /data/cam1 (42 files, looping)}.
     */
    String describe();

    /**
     * Whether {@link #close()} may be called from another thread while {@link #next()} runs, to
     * unblock it (streams). Others are closed by the thread that reads them.
     */
    default boolean closableFromAnyThread() {
        return false;
    }

    /** Releases the source; idempotent, and does not throw checked exceptions. */
    @Override
    void close();
}
