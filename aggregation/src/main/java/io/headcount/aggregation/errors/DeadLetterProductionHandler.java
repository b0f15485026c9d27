package io.headcount.aggregation.errors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;

/**
 * An output that cannot be serialized is a bad record too: the input record that produced it goes
 * to the dead letters with reason {@value #SERIALIZATION_FAILED}. Send failures are not about the
 * data: retriable ones are retried, others fail the task so the EOS transaction aborts and the
 * uncaught exception handler decides (as Streams' default handler does, minus its raw-format DLQ).
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

    static final String SERIALIZATION_FAILED = "SERIALIZATION_FAILED";
    static final String STEP = "serialize-output";

    private DeadLetterWriter writer;

    @Override
    public void configure(Map<String, ?> configs) {
        writer = DeadLetterWriter.fromConfigs(configs);
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context,
            ProducerRecord<byte[], byte[]> record,
            Exception exception) {
        return exception instanceof RetriableException ? Response.retry() : Response.fail();
    }

    @SuppressWarnings("rawtypes")
    @Override
    public Response handleSerializationError(
            ErrorHandlerContext context,
            ProducerRecord record,
            Exception exception,
            SerializationExceptionOrigin origin) {
        String detail = origin + " for " + record.topic() + ": " + exception;
        return Response.resume(
                List.of(
                        writer.deadLetter(
                                context,
                                context.sourceRawKey(),
                                context.sourceRawValue(),
                                STEP,
                                SERIALIZATION_FAILED,
                                detail)));
    }
}
