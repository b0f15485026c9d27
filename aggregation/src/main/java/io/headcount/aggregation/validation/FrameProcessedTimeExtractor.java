package io.headcount.aggregation.validation;

import io.headcount.schemas.FrameProcessed;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a processed frame: its capture time. An end-of-stream record (the camera's finite
 * source ended at {@code frameTime}) is placed at {@code frameTime + window size + grace} instead:
 * the camera's clock then reaches the close of every window that holds earlier frames of that
 * camera, so a folder or replay gets its last windows emitted without waiting for later data. The
 * record counts as no frame, so the window it lands in stays empty and is never emitted. Windows
 * close on their own camera's clock, so it closes no other camera's windows.
 *
 * <p>As in {@link FrameTimeExtractor}, a record without a usable frame time keeps the partition's
 * current time and {@link FrameProcessedValidator} sends it to the dead letters; the wall clock is
 * consulted here only.
 */
public final class FrameProcessedTimeExtractor implements TimestampExtractor {

    private final Duration closingLead;
    private final Duration maxFutureSkew;
    private final Clock clock;

    /**
     * @param closingLead window size plus grace period: how far after its frame time an end of
     *     stream is placed
     */
    public FrameProcessedTimeExtractor(Duration closingLead, Duration maxFutureSkew, Clock clock) {
        this.closingLead = closingLead;
        this.maxFutureSkew = maxFutureSkew;
        this.clock = clock;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof FrameProcessed frame
                && ObservationRules.check(frame, clock.millis(), maxFutureSkew).isEmpty()) {
            return eventTime(frame, closingLead);
        }
        return Math.max(partitionTime, 0L);
    }

    /** The event time of a valid processed frame (see the class comment). */
    public static long eventTime(FrameProcessed frame, Duration closingLead) {
        long frameTime = frame.getFrameTime().toEpochMilli();
        return frame.getEndOfStream() ? frameTime + closingLead.toMillis() : frameTime;
    }
}
