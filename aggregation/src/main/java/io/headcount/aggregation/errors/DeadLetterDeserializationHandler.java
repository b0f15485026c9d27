package io.headcount.aggregation.errors;

import io.headcount.schemas.codec.RecordDecodingException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * An input record that does not decode goes, with its original bytes and the decoder's reason code,
 * to the dead-letter topic of its source topic, and processing goes on. Streams itself logs the
 * skip and records it in its {@code dropped-records} metric.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    static final String STEP = "deserialize";

    private DeadLetterWriter writer;

    @Override
    public void configure(Map<String, ?> configs) {
        writer = DeadLetterWriter.fromConfigs(configs);
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context,
            ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        return Response.resume(
                List.of(
                        writer.deadLetter(
                                context,
                                record.key(),
                                record.value(),
                                STEP,
                                reasonOf(exception),
                                String.valueOf(exception))));
    }

    /** The decoder's stable code when it is one of ours, else the exception's class. */
    static String reasonOf(Exception exception) {
        return exception instanceof RecordDecodingException decoding
                ? decoding.reason().name()
                : exception.getClass().getSimpleName();
    }
}
