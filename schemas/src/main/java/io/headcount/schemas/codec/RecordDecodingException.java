package io.headcount.schemas.codec;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A value that cannot be read as the expected contract. Extends Kafka's {@link
 * SerializationException} so Kafka clients and Streams exception handlers treat it as a
 * deserialization failure; {@link #reason()} is the stable code that dead letters and metrics use.
 */
public final class RecordDecodingException extends SerializationException {

    /** Why a value could not be decoded. */
    public enum Reason {
        /** Null or zero-length value where a record was expected. */
        EMPTY,
        /**
         * The value does not start with the Avro single-object header (not our encoding at all).
         */
        NOT_SINGLE_OBJECT,
        /** The header names a schema fingerprint that no released version of the contract has. */
        UNKNOWN_SCHEMA,
        /** The header is fine but the body does not decode with the writer schema. */
        MALFORMED_BODY
    }

    private final Reason reason;

    public RecordDecodingException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
