package io.headcount.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.apache.kafka.common.errors.InvalidTimestampException;

/**
 * The gateway's Micrometer counters, tagged by camera (and reason where frames were lost). Thread
 * safe: callbacks of the producer's I/O thread and camera threads share it.
 */
public final class GatewayMetrics {

    public static final String SENT = "headcount.gateway.frames.sent";
    public static final String FAILED = "headcount.gateway.frames.failed";
    public static final String REJECTED = "headcount.gateway.frames.rejected";
    public static final String DOWNSCALED = "headcount.gateway.frames.downscaled";
    public static final String SKIPPED = "headcount.gateway.frames.skipped";
    public static final String DROPPED = "headcount.gateway.frames.dropped";
    public static final String BYTES = "headcount.gateway.bytes.sent";
    public static final String RECONNECTS = "headcount.gateway.reconnects";

    public static final String CAMERA_TAG = "camera";
    public static final String REASON_TAG = "reason";

    /** The reason of a frame the topic refused for its capture time (the error's class name). */
    public static final String TIMESTAMP_REFUSED = InvalidTimestampException.class.getSimpleName();

    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Registers a starting camera's counters at zero, so that a camera that never sends is seen as
     * silent and the first refused or dropped frame is an increase (Prometheus's {@code increase}
     * sees nothing in a series that starts at its first event).
     */
    public void cameraStarted(String camera) {
        counter(SENT, "Frames acknowledged by the broker", camera);
        counter(FAILED, "Frames Kafka failed to store", camera, REASON_TAG, TIMESTAMP_REFUSED);
        counter(DROPPED, "Frames a live source dropped because the gateway fell behind", camera);
    }

    /** A frame the broker acknowledged. */
    public void sent(String camera) {
        counter(SENT, "Frames acknowledged by the broker", camera).increment();
    }

    /** A frame Kafka did not accept; {@code reason} is the error's class name. */
    public void failed(String camera, String reason) {
        counter(FAILED, "Frames Kafka failed to store", camera, REASON_TAG, reason).increment();
    }

    /** A frame too large for the topic even after downscaling. */
    public void rejected(String camera, String reason) {
        counter(REJECTED, "Frames rejected before sending", camera, REASON_TAG, reason).increment();
    }

    /** A frame downscaled to fit the topic (and then sent). */
    public void downscaled(String camera) {
        counter(DOWNSCALED, "Frames downscaled to fit the topic's message size", camera)
                .increment();
    }

    /** Source files or frames that could not be read. */
    public void skipped(String camera, String reason, long count) {
        if (count > 0) {
            counter(SKIPPED, "Unreadable source frames skipped", camera, REASON_TAG, reason)
                    .increment(count);
        }
    }

    /** Frames a live source discarded because the gateway did not take them in time. */
    public void dropped(String camera, long count) {
        if (count > 0) {
            counter(DROPPED, "Frames a live source dropped because the gateway fell behind", camera)
                    .increment(count);
        }
    }

    /** JPEG bytes handed to Kafka; its rate is the camera's bandwidth. */
    public void bytes(String camera, long count) {
        counter(BYTES, "JPEG bytes handed to Kafka", camera).increment(count);
    }

    /** A source reopened after it failed (unreachable stream, unreadable file). */
    public void reconnect(String camera) {
        counter(RECONNECTS, "Sources reopened after a failure", camera).increment();
    }

    public double count(String name, String camera) {
        Counter counter = registry.find(name).tag(CAMERA_TAG, camera).counter();
        return counter == null ? 0 : counter.count();
    }

    private Counter counter(String name, String description, String camera, String... moreTags) {
        // Micrometer returns the registered counter for an existing name and tags.
        return Counter.builder(name)
                .description(description)
                .tag(CAMERA_TAG, camera)
                .tags(moreTags)
                .register(registry);
    }
}
