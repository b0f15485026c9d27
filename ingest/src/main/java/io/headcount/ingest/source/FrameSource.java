package io.headcount.ingest.source;

import java.util.Optional;

/**
 * The frames of one camera, one at a time. Implementations are image folders today; video files,
 * MJPEG and RTSP streams later. A source is used by one thread.
 *
 * <p>Frames the source cannot read are skipped, logged and counted in {@link #skipped()}; they never
 * end the source. A source has no notion of time: the caller stamps capture times.
 */
public interface FrameSource extends AutoCloseable {

  /**
   * The next frame, or empty at the end of the source. May block while a live source waits for its
   * camera.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  Optional<SourceFrame> next();

  /** How many frames (files) were unreadable and skipped so far. */
  long skipped();

  /** What the source reads, for logs, e.g. {@code image folder /data/cam1 (42 files, looping)}. */
  String describe();

  /** Releases the source; idempotent, and does not throw checked exceptions. */
  @Override
  void close();
}
