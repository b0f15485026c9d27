package io.headcount.schemas.codec;

import io.headcount.schemas.codec.RecordDecodingException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (a 10-byte header holding the writer schema's fingerprint, then the
 * body) for one generated contract class. Decoding resolves the writer schema by fingerprint among
 * every released version of the contract, so no schema registry is needed. Thread-safe.
 */
public final class AvroCodec<T extends SpecificRecord> {

    /** Largest string or bytes field a contract may hold: a frame's JPEG plus headroom. */
    static final long MAX_FIELD_BYTES = 16L * 1024 * 1024;

    static {
        TrustedPackages.trustContracts();
        // A garbled length prefix would otherwise make Avro allocate up to 2 GiB before noticing
        // the
        // value is short. Avro reads these limits once, so set them before the first decode.
        System.setProperty(
                "org.apache.avro.limits.bytes.maxLength", Long.toString(MAX_FIELD_BYTES));
        System.setProperty(
                "org.apache.avro.limits.string.maxLength", Long.toString(MAX_FIELD_BYTES));
        System.setProperty("org.apache.avro.limits.collectionItems.maxLength", "1000000");
    }

    private final Class<T> type;
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroCodec(Class<T> type) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        List<Schema> released = SchemaHistory.versionsOf(schema.getName());
        released.forEach(decoder::addSchema);
    }

    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        return new AvroCodec<>(type);
    }

    public Class<T> type() {
        return type;
    }

    /** The schema the generated class was made from (the newest released version). */
    public Schema schema() {
        return schema;
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode " + type.getSimpleName(), e);
        }
    }

    /**
     * Decodes a single-object encoded value.
     *
     * @throws RecordDecodingException with a {@link Reason} for empty, foreign, unknown-version or
     *     malformed input; never any other exception for bad bytes
     */
    public T decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new RecordDecodingException(
                    Reason.EMPTY,
                    "no bytes where a " + type.getSimpleName() + " was expected",
                    null);
        }
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new RecordDecodingException(
                    Reason.UNKNOWN_SCHEMA,
                    "no released "
                            + type.getSimpleName()
                            + " schema has this fingerprint: "
                            + e.getMessage(),
                    e);
        } catch (BadHeaderException e) {
            throw new RecordDecodingException(
                    Reason.NOT_SINGLE_OBJECT,
                    "value is not Avro single-object encoded (" + e.getMessage() + ")",
                    e);
        } catch (IOException
                | AvroRuntimeException
                | IndexOutOfBoundsException
                | NegativeArraySizeException
                | ClassCastException
                | IllegalArgumentException
                | UnsupportedOperationException e) {
            // Avro reports truncated or garbled bodies through several unchecked types, and length
            // prefixes beyond the limits above as UnsupportedOperationException.
            throw new RecordDecodingException(
                    Reason.MALFORMED_BODY,
                    type.getSimpleName() + " body does not match its writer schema: " + e,
                    e);
        }
    }
}
