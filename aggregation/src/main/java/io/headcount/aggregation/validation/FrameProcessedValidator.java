package io.headcount.aggregation.validation;

import io.headcount.schemas.FrameProcessed;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Lets countable processed frames (and valid end-of-stream records) through and throws {@link
 * InvalidRecordException} for the rest, which the processing exception handler writes to the dead
 * letters of {@code frames-processed} (inside the EOS transaction).
 */
public final class FrameProcessedValidator
        implements FixedKeyProcessor<String, FrameProcessed, FrameProcessed> {

    private final Duration closingLead;
    private FixedKeyProcessorContext<String, FrameProcessed> context;

    /**
     * @param closingLead as given to {@link FrameProcessedTimeExtractor}
     */
    public FrameProcessedValidator(Duration closingLead) {
        this.closingLead = closingLead;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, FrameProcessed> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, FrameProcessed> record) {
        FrameProcessed frame = record.value();
        Optional<Rejection> rejection = ObservationRules.checkFields(frame);
        if (rejection.isPresent()) {
            throw new InvalidRecordException(rejection.get(), describe(frame));
        }
        if (record.timestamp() != FrameProcessedTimeExtractor.eventTime(frame, closingLead)) {
            // FrameProcessedTimeExtractor refused this frame time, and a valid one is only refused
            // for the future.
            throw new InvalidRecordException(
                    Rejection.FRAME_TIME_IN_FUTURE,
                    describe(frame) + " is ahead of the wall clock by more than the allowed skew");
        }
        context.forward(record);
    }

    private static String describe(FrameProcessed frame) {
        if (frame == null) {
            return "no processed frame (null value)";
        }
        return (frame.getEndOfStream() ? "end of stream" : "processed frame")
                + " of site '"
                + frame.getSite()
                + "', camera '"
                + frame.getCamera()
                + "', frame time "
                + frame.getFrameTime();
    }
}
