package io.headcount.aggregation.validation;

import io.headcount.schemas.FaceObservation;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Lets countable observations through and throws {@link InvalidRecordException} for the rest, which
 * the processing exception handler writes to the dead letters (inside the EOS transaction).
 */
public final class ObservationValidator
        implements FixedKeyProcessor<String, FaceObservation, FaceObservation> {

    private FixedKeyProcessorContext<String, FaceObservation> context;

    @Override
    public void init(FixedKeyProcessorContext<String, FaceObservation> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, FaceObservation> record) {
        FaceObservation observation = record.value();
        Optional<Rejection> rejection = ObservationRules.checkFields(observation);
        if (rejection.isPresent()) {
            throw new InvalidRecordException(rejection.get(), describe(observation));
        }
        long frameTime = observation.getFrameTime().toEpochMilli();
        if (record.timestamp() != frameTime) {
            // FrameTimeExtractor refused this frame time, and a valid one is only refused for the
            // future.
            throw new InvalidRecordException(
                    Rejection.FRAME_TIME_IN_FUTURE,
                    describe(observation)
                            + " is ahead of the wall clock by more than the allowed skew");
        }
        context.forward(record);
    }

    private static String describe(FaceObservation observation) {
        if (observation == null) {
            return "no observation (null value)";
        }
        return "observation of site '"
                + observation.getSite()
                + "', camera '"
                + observation.getCamera()
                + "', frame time "
                + observation.getFrameTime();
    }
}
