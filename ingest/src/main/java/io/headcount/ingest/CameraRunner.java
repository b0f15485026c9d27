package io.headcount.ingest;

import io.headcount.ingest.metrics.GatewayMetrics;
import io.headcount.ingest.publish.FramePublisher;
import io.headcount.ingest.publish.FrameTooLargeException;
import io.headcount.ingest.source.FrameSource;
import io.headcount.ingest.source.SourceFrame;
import io.headcount.ingest.source.SourceUnavailableException;
import io.headcount.schemas.FrameEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the frames of one source as one camera: numbers them 0, 1, 2... (only frames handed to
 * Kafka get a number, so the sequence has no gaps), stamps capture times with the camera's {@link
 * FrameTiming}, and sends them through a shared {@link FramePublisher}.
 *
 * <p>{@link #run()} returns at the end of the source, after {@code maxFrames}, or after {@link
 * #stop()} or an interrupt, once every frame it sent is acknowledged or failed. When the source
 * ended or {@code maxFrames} were published (a finite run), it then publishes an end-of-stream
 * record: no image, sequence {@code n} and the capture time of the slot after the last frame, so
 * that the camera's event time moves on and its last windows close downstream. A stop or interrupt
 * (a live camera shut down, that may resume) publishes none.
 *
 * <p>Capture times come from the source's clock where it has one (a video's timestamps, a stream's
 * arrival time), else from the {@link FrameTiming}; they are kept strictly increasing per camera. A
 * run can resume at a sequence ({@link #resumingAt}) and reports each acknowledged sequence ({@link
 * #onAcknowledged}) for the gateway's checkpoint; it logs a progress line ({@link
 * #withProgressEvery}).
 *
 * <p>Unreadable files and oversized frames are counted and skipped; a source that gave up ({@link
 * io.headcount.ingest.source.SourceUnavailableException}) ends the run without an end-of-stream
 * record; a fatal Kafka error ends the run with {@link
 * io.headcount.ingest.publish.PublishFailedException}. The runner does not close the source or the
 * publisher: whoever opened them does.
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
    private long firstSequence;
    private LongConsumer acknowledged = sequence -> {};
    private Consumer<FrameEvent> published = frame -> {};
    private Duration progressEvery = Duration.ofSeconds(5);

    public CameraRunner(
            CameraSettings camera,
            FrameSource source,
            FramePublisher publisher,
            MeterRegistry registry) {
        this.camera = Objects.requireNonNull(camera, "camera");
        this.source = Objects.requireNonNull(source, "source");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.metrics = new GatewayMetrics(registry);
    }

    /**
     * Numbers the first frame {@code sequence} instead of 0: a gateway resuming a finite source
     * from its checkpoint (the source has already skipped the frames before it).
     */
    public CameraRunner resumingAt(long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative, got " + sequence);
        }
        this.firstSequence = sequence;
        return this;
    }

    /**
     * Called with the sequence of each frame the broker acknowledged, on the producer's I/O thread.
     */
    public CameraRunner onAcknowledged(LongConsumer listener) {
        this.acknowledged = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Called with each frame handed to the publisher, on the camera's thread: the embedded demo's
     * in-memory view of the newest frames (never Kafka or disk; DESIGN.md section 5).
     */
    public CameraRunner onPublished(Consumer<FrameEvent> listener) {
        this.published = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** How often the progress line is logged (frames done / total, fps); zero for never. */
    public CameraRunner withProgressEvery(Duration interval) {
        this.progressEvery = Objects.requireNonNull(interval, "interval");
        return this;
    }

    /** Asks a running {@link #run()} to return after the current frame; safe from any thread. */
    public void stop() {
        stopRequested = true;
    }

    /** Publishes the source; see the class comment for when it returns. Call once. */
    public RunSummary run() {
        FrameTiming timing = camera.timing();
        LOG.info(
                "Camera {} of site {}: publishing {} at {} fps{}",
                camera.camera(),
                camera.site(),
                source.describe(),
                timing.framesPerSecond(),
                timing.realTime() ? " (real time)" : " (as fast as possible)");
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long sequence = firstSequence;
        Instant firstCaptureTime = null;
        Instant lastCaptureTime = null;
        ProgressLine progress =
                new ProgressLine(
                        camera.camera(), source.totalFrames(), firstSequence, progressEvery);
        long droppedReported = 0;
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
            Optional<SourceFrame> next;
            try {
                next = source.next();
            } catch (SourceUnavailableException e) {
                // The source gave up (after its retries): no end-of-stream, the camera did not
                // reach its end.
                LOG.error(
                        "Camera {}: source unavailable, stopping: {}",
                        camera.camera(),
                        e.getMessage());
                break;
            }
            metrics.skipped(camera.camera(), UNREADABLE, source.skipped() - skippedReported);
            skippedReported = source.skipped();
            metrics.dropped(camera.camera(), source.dropped() - droppedReported);
            droppedReported = source.dropped();
            if (next.isEmpty()) {
                finite = true;
                break;
            }
            if (timing.realTime() && !waitForSlot(startNanos, timing, sequence - firstSequence)) {
                interrupted = true;
                break;
            }
            FrameEvent frame = toEvent(next.get(), sequence, lastCaptureTime);
            long frameSequence = sequence;
            try {
                publisher
                        .send(frame)
                        .whenComplete(
                                (metadata, error) -> {
                                    if (error == null) {
                                        sent.incrementAndGet();
                                        acknowledged.accept(frameSequence);
                                    } else {
                                        failed.incrementAndGet();
                                    }
                                });
                metrics.bytes(camera.camera(), frame.getJpeg().remaining());
                published.accept(frame);
                sequence++;
                if (firstCaptureTime == null) {
                    firstCaptureTime = frame.getCaptureTime();
                }
                lastCaptureTime = frame.getCaptureTime();
                progress.frameDone(sequence);
            } catch (FrameTooLargeException e) {
                rejected++; // already logged and counted by the publisher; the number goes to the
                // next frame
            }
        }
        // Flushing with the interrupt flag set would throw at once; set it again afterwards.
        interrupted |= Thread.interrupted();
        CompletableFuture<RecordMetadata> endOfStream = null;
        try {
            if (finite && !interrupted && !stopRequested) {
                if (timing.realTime()
                        && !waitForSlot(startNanos, timing, sequence - firstSequence)) {
                    interrupted = true;
                } else {
                    endOfStream = publisher.send(endOfStreamEvent(sequence, lastCaptureTime));
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
                        sequence - firstSequence,
                        sent.get(),
                        failed.get(),
                        source.skipped(),
                        rejected,
                        firstCaptureTime,
                        lastCaptureTime,
                        endOfStream != null
                                && endOfStream.isDone()
                                && !endOfStream.isCompletedExceptionally());
        progress.finished(sequence);
        LOG.info(
                "Camera {} done in {} ms: {}",
                camera.camera(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                summary);
        return summary;
    }

    /**
     * The source's clock where it has one, else the camera's timing. Kept strictly increasing (a
     * video's timestamps or a wall clock can repeat or step back), so the frames of a camera are
     * ordered by time as by sequence.
     */
    private FrameEvent toEvent(SourceFrame frame, long sequence, Instant previous) {
        Instant captureTime =
                frame.captureTime() == null
                        ? camera.timing().captureTimeOf(sequence)
                        : frame.captureTime().truncatedTo(ChronoUnit.MILLIS);
        if (previous != null && !captureTime.isAfter(previous)) {
            captureTime = previous.plusMillis(1);
        }
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
    private FrameEvent endOfStreamEvent(long sequence, Instant lastCaptureTime) {
        Instant time = camera.timing().captureTimeOf(sequence);
        if (lastCaptureTime != null && !time.isAfter(lastCaptureTime)) {
            // A source with its own clock: one frame interval after its last frame.
            time =
                    lastCaptureTime.plusMillis(
                            Math.max(1, Math.round(1000.0 / camera.timing().framesPerSecond())));
        }
        return FrameEvent.newBuilder()
                .setSite(camera.site())
                .setCamera(camera.camera())
                .setGateway(camera.gateway())
                .setSequence(sequence)
                .setCaptureTime(time)
                .setWidth(0)
                .setHeight(0)
                .setJpeg(ByteBuffer.allocate(0))
                .setEndOfStream(true)
                .build();
    }

    /** Sleeps until frame {@code sequence} is due; false if interrupted. */
    private static boolean waitForSlot(long startNanos, FrameTiming timing, long sequence) {
        long dueNanos =
                startNanos + TimeUnit.MILLISECONDS.toNanos(timing.offsetOf(sequence).toMillis());
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
