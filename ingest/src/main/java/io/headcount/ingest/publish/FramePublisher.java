package io.headcount.ingest.publish;

import io.headcount.ingest.metrics.GatewayMetrics;
import io.headcount.schemas.FrameEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends frames to the frames topic: keyed by camera id, with the capture time as record timestamp,
 * through an idempotent producer with {@code acks=all}. Thread safe; a gateway shares one publisher
 * among its cameras.
 *
 * <p>{@link #send} is asynchronous. It blocks only while the producer's buffer is full (that is the
 * backpressure on a camera that produces faster than Kafka takes), for at most the configured
 * {@code maxBlock}. Every frame ends up counted: sent (acknowledged), failed (Kafka gave up on it),
 * or rejected (too large for the topic even after one downscale, see {@link FrameSizeLimit}).
 * End-of-stream records (no image) go the same way, but do not count as sent frames. A
 * non-retriable error (authorization, a record the broker refuses...) is fatal: the next {@link
 * #send}, {@link #flush} or {@link #close} throws {@link PublishFailedException} with the first
 * such error. The exception is a record the broker judged invalid, above all a frame whose capture
 * time the topic refuses (too old for its retention, or ahead of the broker's clock): it is counted
 * as failed and the camera goes on.
 */
public final class FramePublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FramePublisher.class);

    /** Bounds close() when flushing was interrupted and records are still in flight. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final PublisherSettings settings;
    private final GatewayMetrics metrics;
    private final Producer<String, FrameEvent> producer;
    private final AtomicReference<Exception> fatal = new AtomicReference<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong downscaled = new AtomicLong();
    private volatile boolean closed;

    public FramePublisher(PublisherSettings settings, MeterRegistry registry) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = new GatewayMetrics(registry);
        this.producer =
                new KafkaProducer<>(
                        settings.producerConfig(),
                        settings.topic().keySerde().serializer(),
                        settings.topic().valueSerde().serializer());
    }

    public PublisherSettings settings() {
        return settings;
    }

    /**
     * Queues a frame for sending; downscales it first if it is too large for the topic.
     *
     * @return completes when the broker acknowledged the frame, or exceptionally when Kafka gave up
     *     on it (the frame is then counted as failed; nothing needs to be done with the future)
     * @throws FrameTooLargeException if the frame does not fit even after one downscale; it is
     *     counted as rejected, and the publisher stays usable
     * @throws PublishFailedException after a fatal error, or if this frame cannot be serialized
     * @throws IllegalStateException after {@link #close()}
     */
    public CompletableFuture<RecordMetadata> send(FrameEvent frame) {
        throwIfFailed();
        if (closed) {
            throw new IllegalStateException("publisher " + settings.clientId() + " is closed");
        }
        FrameEvent fitted = fitToTopic(frame);
        ProducerRecord<String, FrameEvent> record =
                new ProducerRecord<>(
                        settings.topic().name(),
                        null,
                        fitted.getCaptureTime().toEpochMilli(),
                        fitted.getCamera(),
                        fitted);
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        try {
            producer.send(
                    record,
                    (metadata, error) -> {
                        if (error == null) {
                            if (!fitted.getEndOfStream()) { // a marker, not a frame
                                sent.incrementAndGet();
                                metrics.sent(fitted.getCamera());
                            }
                            acknowledged.complete(metadata);
                        } else {
                            onFailure(fitted, error);
                            acknowledged.completeExceptionally(error);
                        }
                    });
        } catch (InterruptException e) {
            throw e; // the thread is being stopped; the interrupt flag is set again
        } catch (KafkaException e) {
            // Errors the producer throws instead of reporting to the callback (serialization,
            // closed).
            onFailure(fitted, e);
            throw new PublishFailedException(describe(fitted) + " could not be sent", e);
        }
        return acknowledged;
    }

    private FrameEvent fitToTopic(FrameEvent frame) {
        FrameEvent fitted;
        try {
            fitted = settings.sizeLimit().fit(frame);
        } catch (FrameTooLargeException e) {
            rejected.incrementAndGet();
            metrics.rejected(frame.getCamera(), e.reason().tag());
            LOG.warn("{}", e.getMessage());
            throw e;
        }
        if (fitted != frame) {
            downscaled.incrementAndGet();
            metrics.downscaled(frame.getCamera());
            LOG.info(
                    "{} downscaled from {}x{} ({} bytes) to {}x{} ({} bytes) to fit topic {}",
                    describe(frame),
                    frame.getWidth(),
                    frame.getHeight(),
                    frame.getJpeg().remaining(),
                    fitted.getWidth(),
                    fitted.getHeight(),
                    fitted.getJpeg().remaining(),
                    settings.topic().name());
        }
        return fitted;
    }

    private void onFailure(FrameEvent frame, Exception error) {
        failed.incrementAndGet();
        metrics.failed(frame.getCamera(), error.getClass().getSimpleName());
        if (error instanceof RetriableException) {
            // Retries and delivery.timeout.ms are spent; the frame is lost, but the next ones may
            // pass.
            LOG.warn("{} not stored, retries exhausted: {}", describe(frame), error.toString());
        } else if (error instanceof InvalidRecordException
                || error instanceof InvalidTimestampException) {
            // The broker judged this record, not the gateway: above all a capture time outside
            // the topic's range (a camera clock set wrong, a replay started too far back), which
            // it reports per record or, for a batch it refuses whole, as an invalid timestamp.
            // The camera's next frames may pass.
            LOG.warn(
                    "{} (captured {}) refused by topic {}: {}; check the camera's clock or the"
                            + " replay's start",
                    describe(frame),
                    frame.getCaptureTime(),
                    settings.topic().name(),
                    error.getMessage());
        } else if (fatal.compareAndSet(null, error)) {
            LOG.error("{} not stored; fatal error, the publisher stops", describe(frame), error);
        }
    }

    /**
     * Blocks until every queued frame is acknowledged or failed.
     *
     * @throws PublishFailedException if a fatal error happened
     */
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    /** Counts over the publisher's life. */
    public PublisherCounts counts() {
        return new PublisherCounts(sent.get(), failed.get(), rejected.get(), downscaled.get());
    }

    /**
     * Sends every queued frame, then closes the producer. Idempotent.
     *
     * @throws PublishFailedException if a fatal error happened at any time
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            producer.flush();
        } finally {
            producer.close(CLOSE_TIMEOUT);
            LOG.info("Closed publisher {}: {}", settings.clientId(), counts());
        }
        throwIfFailed();
    }

    private void throwIfFailed() {
        Exception first = fatal.get();
        if (first != null) {
            throw new PublishFailedException(
                    "publisher "
                            + settings.clientId()
                            + " stopped after a fatal error on topic "
                            + settings.topic().name()
                            + ": "
                            + first,
                    first);
        }
    }

    private static String describe(FrameEvent frame) {
        return (frame.getEndOfStream() ? "End-of-stream record " : "Frame ")
                + frame.getSequence()
                + " of camera "
                + frame.getCamera();
    }
}
