package io.headcount.aggregation.errors;

import io.headcount.aggregation.validation.InvalidRecordException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record whose processing throws goes, with the original bytes of the input record it came from,
 * to the dead-letter topic of its source, and processing goes on. An {@link InvalidRecordException}
 * is a verdict on data and carries its reason code; anything else is a defect, logged with its
 * stack trace and tagged with the exception's class.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private DeadLetterWriter writer;

    @Override
    public void configure(Map<String, ?> configs) {
        writer = DeadLetterWriter.fromConfigs(configs);
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String reason;
        String detail;
        if (exception instanceof InvalidRecordException invalid) {
            reason = invalid.rejection().name();
            detail = invalid.getMessage();
            LOG.debug(
                    "Dead letter {} from {}-{}@{}: {}",
                    reason,
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    exception.getMessage());
        } else {
            reason = exception.getClass().getSimpleName();
            detail = exception.toString();
            LOG.warn(
                    "Processor {} failed on {}-{}@{}; the record goes to {}",
                    context.processorNodeId(),
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    writer.topicFor(context.topic()),
                    exception);
        }
        // The raw bytes are those of the sub-topology's input: the source topic for the validators,
        // which run before the repartition.
        return Response.resume(
                List.of(
                        writer.deadLetter(
                                context,
                                context.sourceRawKey(),
                                context.sourceRawValue(),
                                context.processorNodeId(),
                                reason,
                                String.valueOf(exception.getMessage()))));
    }
}
