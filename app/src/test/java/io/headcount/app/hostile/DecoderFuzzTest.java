package io.headcount.app.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.ingest.image.ImageDecoder;
import io.headcount.ingest.image.UnreadableImageException;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.codec.AvroCodec;
import io.headcount.schemas.codec.RecordDecodingException;
import io.headcount.vision.frame.FrameDecoder;
import io.headcount.vision.frame.FrameRejectedException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Hostile bytes against every decoder a record passes (the Avro envelope, the inference job's JPEG
 * decoder, the gateway's image decoder): random bytes, damaged and truncated real encodings, and
 * JPEG headers declaring absurd sizes. Each decoder must either decode or throw its own typed
 * error, which the pipeline turns into a dead letter with a reason; anything else (a runtime
 * exception, an out-of-memory error, a hang) would stop a job or a gateway. Inputs come from a
 * fixed seed (reproducible in CI; {@value #SEED_PROPERTY} explores others), and the case counts
 * keep each check to a few seconds.
 */
class DecoderFuzzTest {

    /** System property with another seed, to explore further or replay a reported failure. */
    static final String SEED_PROPERTY = "headcount.fuzz.seed";

    private static final long DEFAULT_SEED = 20261128L;
    private static final byte[] JPEG = smallJpeg();
    private static final AvroCodec<FrameEvent> CODEC = AvroCodec.of(FrameEvent.class);
    private static final byte[] FRAME = CODEC.encode(frame(JPEG));

    /** Refuses anything above 4096 x 4096 before decoding, as the job does by default. */
    private final FrameDecoder frameDecoder = new FrameDecoder();

    @Test
    void avroDecodesOrNamesTheReasonForRandomBytes() {
        forEachCase(3000, random -> randomBytes(random, 512), DecoderFuzzTest::decodeAvro);
    }

    @Test
    void avroDecodesOrNamesTheReasonForDamagedFrames() {
        forEachCase(3000, random -> damaged(random, FRAME), DecoderFuzzTest::decodeAvro);
    }

    @Test
    void frameDecoderRejectsRandomBytesWithAReason() {
        forEachCase(500, random -> randomBytes(random, 2048), this::decodeFrame);
    }

    @Test
    void frameDecoderRejectsDamagedJpegsWithAReason() {
        forEachCase(500, random -> damaged(random, JPEG), this::decodeFrame);
    }

    @Test
    void frameDecoderRefusesAbsurdDeclaredSizesBeforeDecoding() {
        forEachCase(
                300,
                random -> new int[] {random.nextInt(65536), random.nextInt(65536)},
                size -> {
                    int width = size[0];
                    int height = size[1];
                    byte[] bytes = withDeclaredSize(JPEG, width, height);
                    try {
                        // The rewritten header may still decode (libjpeg fills what it cannot
                        // read): then at the declared, allowed size.
                        var image = frameDecoder.decode(bytes, width, height);
                        assertThat(image.width()).isEqualTo(width);
                        assertThat(image.height()).isEqualTo(height);
                        assertThat((long) width * height)
                                .isLessThanOrEqualTo(FrameDecoder.DEFAULT_MAX_PIXELS);
                    } catch (FrameRejectedException e) {
                        assertThat(e.reason()).isNotNull();
                        if ((long) width * height > FrameDecoder.DEFAULT_MAX_PIXELS) {
                            assertThat(e.reason())
                                    .isEqualTo(FrameRejectedException.Reason.FRAME_TOO_LARGE);
                        }
                    }
                });
    }

    @Test
    void gatewayImageDecoderRejectsRandomBytesWithATypedError() {
        forEachCase(300, random -> randomBytes(random, 2048), DecoderFuzzTest::decodeImage);
    }

    @Test
    void gatewayImageDecoderRejectsDamagedJpegsWithATypedError() {
        forEachCase(300, random -> damaged(random, JPEG), DecoderFuzzTest::decodeImage);
    }

    @Test
    void gatewayImageDecoderRefusesAbsurdDeclaredSizes() {
        forEachCase(
                100,
                random ->
                        withDeclaredSize(
                                JPEG, 10000 + random.nextInt(55536), 10000 + random.nextInt(55536)),
                DecoderFuzzTest::decodeImage);
    }

    /**
     * Runs {@code check} on {@code cases} inputs drawn from a seeded generator; a failure names the
     * seed and case, so it can be replayed by setting {@value #SEED_PROPERTY}.
     */
    private static <T> void forEachCase(
            int cases, Function<SplittableRandom, T> generator, Consumer<T> check) {
        long seed = Long.getLong(SEED_PROPERTY, DEFAULT_SEED);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < cases; i++) {
            T input = generator.apply(random);
            try {
                check.accept(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        "case " + i + " of seed " + seed + " (" + describe(input) + "): " + e, e);
            }
        }
    }

    private static String describe(Object input) {
        if (input instanceof byte[] bytes) {
            return bytes.length
                    + " bytes "
                    + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 32));
        }
        if (input instanceof int[] values) {
            return Arrays.toString(values);
        }
        return String.valueOf(input);
    }

    private static byte[] randomBytes(SplittableRandom random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** {@code valid} truncated, with flipped bytes, or with random bytes spliced in. */
    private static byte[] damaged(SplittableRandom random, byte[] valid) {
        switch (random.nextInt(3)) {
            case 0:
                return Arrays.copyOf(valid, random.nextInt(valid.length));
            case 1:
                byte[] flipped = valid.clone();
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    flipped[random.nextInt(valid.length)] ^= (byte) (random.nextInt(256) | 1);
                }
                return flipped;
            default:
                int at = random.nextInt(valid.length + 1);
                byte[] insert = randomBytes(random, 63);
                byte[] spliced = new byte[valid.length + insert.length + 1];
                System.arraycopy(valid, 0, spliced, 0, at);
                spliced[at] = (byte) random.nextInt(256);
                System.arraycopy(insert, 0, spliced, at + 1, insert.length);
                System.arraycopy(valid, at, spliced, at + 1 + insert.length, valid.length - at);
                return spliced;
        }
    }

    private static void decodeAvro(byte[] bytes) {
        try {
            assertThat(CODEC.decode(bytes)).isNotNull();
        } catch (RecordDecodingException e) {
            assertThat(e.reason()).isNotNull();
        }
    }

    private void decodeFrame(byte[] bytes) {
        try {
            assertThat(frameDecoder.decode(bytes)).isNotNull();
        } catch (FrameRejectedException e) {
            assertThat(e.reason()).isNotNull();
        }
    }

    private static void decodeImage(byte[] bytes) {
        try {
            assertThat(ImageDecoder.decode(bytes)).isNotNull();
        } catch (UnreadableImageException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    /** The JPEG with its start-of-frame header rewritten to declare {@code width x height}. */
    static byte[] withDeclaredSize(byte[] jpeg, int width, int height) {
        byte[] copy = jpeg.clone();
        for (int i = 2; i + 8 < copy.length; ) {
            if ((copy[i] & 0xFF) != 0xFF) {
                break;
            }
            int marker = copy[i + 1] & 0xFF;
            int length = ((copy[i + 2] & 0xFF) << 8) | (copy[i + 3] & 0xFF);
            if (marker >= 0xC0 && marker <= 0xC3) {
                copy[i + 5] = (byte) (height >> 8);
                copy[i + 6] = (byte) height;
                copy[i + 7] = (byte) (width >> 8);
                copy[i + 8] = (byte) width;
                return copy;
            }
            i += 2 + length;
        }
        throw new IllegalStateException("no start-of-frame marker");
    }

    static byte[] smallJpeg() {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | ((x + y) * 2));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static FrameEvent frame(byte[] jpeg) {
        return FrameEvent.newBuilder()
                .setSite("site")
                .setCamera("cam")
                .setGateway("gw")
                .setSequence(1)
                .setCaptureTime(Instant.parse("2026-11-28T00:00:00Z"))
                .setWidth(64)
                .setHeight(48)
                .setJpeg(ByteBuffer.wrap(jpeg))
                .build();
    }
}
