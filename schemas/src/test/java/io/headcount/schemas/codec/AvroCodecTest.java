package io.headcount.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.Fixtures;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.TrackSummary;
import io.headcount.schemas.codec.RecordDecodingException.Reason;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroCodecTest {

    static Stream<SpecificRecord> everyContract() {
        return Stream.of(
                Fixtures.frame(),
                Fixtures.frameProcessed(),
                Fixtures.observation(),
                Fixtures.track(),
                Fixtures.stats(),
                Fixtures.deadLetter());
    }

    @ParameterizedTest
    @MethodSource("everyContract")
    @SuppressWarnings("unchecked")
    <T extends SpecificRecord> void roundTripsEveryContractWithTheSingleObjectHeader(T record) {
        AvroCodec<T> codec = AvroCodec.of((Class<T>) record.getClass());

        byte[] bytes = codec.encode(record);

        // Single-object encoding: marker C3 01, then the 8-byte schema fingerprint, then the body.
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(codec.decode(bytes)).isEqualTo(record);
    }

    @Test
    void emptyAndNullValuesAreTypedErrors() {
        AvroCodec<FrameEvent> codec = AvroCodec.of(FrameEvent.class);

        assertThat(
                        catchThrowableOfType(
                                        RecordDecodingException.class,
                                        () -> codec.decode(new byte[0]))
                                .reason())
                .isEqualTo(Reason.EMPTY);
        assertThat(
                        catchThrowableOfType(
                                        RecordDecodingException.class, () -> codec.decode(null))
                                .reason())
                .isEqualTo(Reason.EMPTY);
    }

    @Test
    void bytesWithoutTheHeaderAreNotSingleObject() {
        AvroCodec<FrameEvent> codec = AvroCodec.of(FrameEvent.class);

        RecordDecodingException error =
                catchThrowableOfType(
                        RecordDecodingException.class,
                        () -> codec.decode("{\"camera\":\"x\"}".getBytes()));

        assertThat(error.reason()).isEqualTo(Reason.NOT_SINGLE_OBJECT);
    }

    @Test
    void anUnknownFingerprintIsAnUnknownSchemaNotACrash() {
        AvroCodec<FrameEvent> codec = AvroCodec.of(FrameEvent.class);
        byte[] bytes = codec.encode(Fixtures.frame());
        for (int i = 2; i < 10; i++) {
            bytes[i] = (byte) ~bytes[i]; // a fingerprint no released FrameEvent version has
        }

        RecordDecodingException error =
                catchThrowableOfType(RecordDecodingException.class, () -> codec.decode(bytes));

        assertThat(error.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA);
        assertThat(error).hasMessageContaining("FrameEvent");
    }

    @Test
    void aRecordOfAnotherContractIsRejectedByFingerprint() {
        byte[] observation = AvroCodec.of(FaceObservation.class).encode(Fixtures.observation());

        assertThatThrownBy(() -> AvroCodec.of(FrameEvent.class).decode(observation))
                .isInstanceOfSatisfying(
                        RecordDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA));
    }

    @Test
    void aTruncatedBodyIsMalformed() {
        AvroCodec<TrackSummary> codec = AvroCodec.of(TrackSummary.class);
        byte[] bytes = codec.encode(Fixtures.track());

        RecordDecodingException error =
                catchThrowableOfType(
                        RecordDecodingException.class,
                        () -> codec.decode(Arrays.copyOf(bytes, bytes.length / 2)));

        assertThat(error.reason()).isEqualTo(Reason.MALFORMED_BODY);
    }

    @Test
    void randomBodiesBehindAValidHeaderNeverEscapeAsAnotherException() {
        AvroCodec<AudienceStats> codec = AvroCodec.of(AudienceStats.class);
        byte[] header = Arrays.copyOf(codec.encode(Fixtures.stats()), 10);
        Random random = new Random(20261127);
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] body = new byte[random.nextInt(64)];
            random.nextBytes(body);
            byte[] bytes = new byte[header.length + body.length];
            System.arraycopy(header, 0, bytes, 0, header.length);
            System.arraycopy(body, 0, bytes, header.length, body.length);
            try {
                codec.decode(bytes);
                decoded++;
            } catch (RecordDecodingException expected) {
                rejected++;
            }
        }
        assertThat(decoded + rejected).isEqualTo(20_000);
        assertThat(rejected).isPositive();
    }

    @Test
    void hugeDeclaredLengthsAreRejectedWithoutAllocatingThem() {
        AvroCodec<DeadLetter> codec = AvroCodec.of(DeadLetter.class);
        byte[] header = Arrays.copyOf(codec.encode(Fixtures.deadLetter()), 10);
        // sourceTopic string length as a zig-zag varint of about 1.5e9: far more than the bytes
        // present, and more than the codec allows a field to be.
        byte[] body = {(byte) 0x80, (byte) 0xBC, (byte) 0xC1, (byte) 0x96, 0x0B, 'a'};
        byte[] bytes = new byte[header.length + body.length];
        System.arraycopy(header, 0, bytes, 0, header.length);
        System.arraycopy(body, 0, bytes, header.length, body.length);

        assertThat(
                        catchThrowableOfType(
                                        RecordDecodingException.class, () -> codec.decode(bytes))
                                .reason())
                .isEqualTo(Reason.MALFORMED_BODY);
    }
}
