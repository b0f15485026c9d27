package io.headcount.aggregation.validation;

import io.headcount.schemas.FaceObservation;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is the frame's capture time. A record without a usable frame time is not dropped here
 * (Streams would drop it with only a log line): it keeps the partition's current time, so it moves
 * no window, and {@link ObservationValidator} sends it to the dead letters. This extractor is the
 * only place that consults the wall clock, so the verdict on a future frame time is made once.
 */
public final class FrameTimeExtractor implements TimestampExtractor {

    private final Duration maxFutureSkew;
    private final Clock clock;

    public FrameTimeExtractor(Duration maxFutureSkew, Clock clock) {
        this.maxFutureSkew = maxFutureSkew;
        this.clock = clock;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof FaceObservation observation
                && ObservationRules.check(observation, clock.millis(), maxFutureSkew).isEmpty()) {
            return observation.getFrameTime().toEpochMilli();
        }
        return Math.max(partitionTime, 0L);
    }
}
