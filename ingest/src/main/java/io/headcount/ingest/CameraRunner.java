package io.headcount.ingest;

import io.headcount.ingest.metrics.GatewayMetrics;
import io.headcount.ingest.publish.FramePublisher;
import io.headcount.ingest.publish.FrameTooLargeException;
import io.headcount.ingest.source.FrameSource;
import io.headcount.ingest.source.SourceFrame;
import io.headcount.schemas.FrameEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the frames of one source as one camera: numbers them 0, 1, 2... (only frames handed to
 * Kafka get a number, so the sequence has no gaps), stamps capture times with the camera's {@link
 * FrameTiming}, and sends them through a shared {@link FramePublisher}.
 *
 * <p>{@link #run()} returns at the end of the source, after {@code maxFrames}, or after {@link
 * #stop()} or an interrupt, once every frame it sent is acknowledged or failed. When the source ended
 * or {@code maxFrames} were published (a finite run), it then publishes an end-of-stream record: no
 * image, sequence {@code n} and the capture time of the slot after the last frame, so that the
 * camera's event time moves on and its last windows close downstream. A stop or interrupt (a live
 * camera shut down, that may resume) publishes none.
 *
 * <p>Unreadable files and oversized frames are counted and skipped; a fatal Kafka error ends the run
 * with {@link io.headcount.ingest.publish.PublishFailedException}. The runner does not close the
 * source or the publisher: whoever opened them does.
 */
public final class CameraRunner {

  private static final Logger LOG = LoggerFactory.getLogger(CameraRunner.class);

  /** The {@code reason} tag of skipped source frames. */
  public static final String UNREADABLE = "unreadable";

  private final CameraSettings camera;
  private final FrameSource source;
  private final FramePublisher publisher;
  private final GatewayMetrics metrics;
  private volatile boolean stopRequested;

  public CameraRunner(CameraSettings camera, FrameSource source, FramePublisher publisher, MeterRegistry registry) {
    this.camera = Objects.requireNonNull(camera, "camera");
    this.source = Objects.requireNonNull(source, "source");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.metrics = new GatewayMetrics(registry);
  }

  /** Asks a running {@link #run()} to return after the current frame; safe from any thread. */
  public void stop() {
    stopRequested = true;
  }

  /** Publishes the source; see the class comment for when it returns. Call once. */
  public RunSummary run() {
    FrameTiming timing = camera.timing();
    LOG.info("Camera {} of site {}: publishing {} at {} fps{}", camera.camera(), camera.site(), source.describe(),
        timing.framesPerSecond(), timing.realTime() ? " (real time)" : " (as fast as possible)");
    AtomicLong sent = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long sequence = 0;
    long rejected = 0;
    long skippedReported = 0;
    boolean interrupted = false;
    boolean finite = false;
    long startNanos = System.nanoTime();
    while (!stopRequested) {
      if (sequence >= camera.maxFrames()) {
        finite = true;
        break;
      }
      Optional<SourceFrame> next = source.next();
      metrics.skipped(camera.camera(), UNREADABLE, source.skipped() - skippedReported);
      skippedReported = source.skipped();
      if (next.isEmpty()) {
        finite = true;
        break;
      }
      if (timing.realTime() && !waitForSlot(startNanos, timing, sequence)) {
        interrupted = true;
        break;
      }
      FrameEvent frame = toEvent(next.get(), sequence);
      try {
        publisher.send(frame).whenComplete((metadata, error) -> (error == null ? sent : failed).incrementAndGet());
        sequence++;
      } catch (FrameTooLargeException e) {
        rejected++; // already logged and counted by the publisher; the number goes to the next frame
      }
    }
    // Flushing with the interrupt flag set would throw at once; set it again afterwards.
    interrupted |= Thread.interrupted();
    CompletableFuture<RecordMetadata> endOfStream = null;
    try {
      if (finite && !interrupted && !stopRequested) {
        if (timing.realTime() && !waitForSlot(startNanos, timing, sequence)) {
          interrupted = true;
        } else {
          endOfStream = publisher.send(endOfStreamEvent(sequence));
        }
      }
      publisher.flush();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    RunSummary summary =
        new RunSummary(
            camera.camera(),
            sequence,
            sent.get(),
            failed.get(),
            source.skipped(),
            rejected,
            sequence == 0 ? null : timing.captureTimeOf(0),
            sequence == 0 ? null : timing.captureTimeOf(sequence - 1),
            endOfStream != null && endOfStream.isDone() && !endOfStream.isCompletedExceptionally());
    LOG.info("Camera {} done in {} ms: {}", camera.camera(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), summary);
    return summary;
  }

  private FrameEvent toEvent(SourceFrame frame, long sequence) {
    Instant captureTime = camera.timing().captureTimeOf(sequence);
    return FrameEvent.newBuilder()
        .setSite(camera.site())
        .setCamera(camera.camera())
        .setGateway(camera.gateway())
        .setSequence(sequence)
        .setCaptureTime(captureTime)
        .setWidth(frame.width())
        .setHeight(frame.height())
        .setJpeg(ByteBuffer.wrap(frame.jpeg()))
        .build();
  }

  /** No image; the slot after the last frame, so the camera's clock moves on by one interval. */
  private FrameEvent endOfStreamEvent(long sequence) {
    return FrameEvent.newBuilder()
        .setSite(camera.site())
        .setCamera(camera.camera())
        .setGateway(camera.gateway())
        .setSequence(sequence)
        .setCaptureTime(camera.timing().captureTimeOf(sequence))
        .setWidth(0)
        .setHeight(0)
        .setJpeg(ByteBuffer.allocate(0))
        .setEndOfStream(true)
        .build();
  }

  /** Sleeps until frame {@code sequence} is due; false if interrupted. */
  private static boolean waitForSlot(long startNanos, FrameTiming timing, long sequence) {
    long dueNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(timing.offsetOf(sequence).toMillis());
    long waitNanos = dueNanos - System.nanoTime();
    if (waitNanos <= 0) {
      return true;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(waitNanos);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }
}
