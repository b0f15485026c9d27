package io.headcount.inference.testing;

import io.headcount.inference.records.RawRecord;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.codec.AvroCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Frame events and the raw Kafka records that carry them, as a gateway would publish them. */
public final class TestFrames {

    public static final String SITE = "store-1";
    public static final String GATEWAY = "gateway-1";

    /**
     * On a whole hour, in the recent past: the frames topic refuses frames stamped more than {@link
     * io.headcount.schemas.topics.Topics#MAX_FRAME_AGE_ON_ARRIVAL} back.
     */
    public static final Instant START =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));

    private static final AvroCodec<FrameEvent> CODEC = AvroCodec.of(FrameEvent.class);

    private TestFrames() {}

    public static FrameEvent event(
            String camera, long sequence, byte[] jpeg, int width, int height) {
        return FrameEvent.newBuilder()
                .setSite(SITE)
                .setCamera(camera)
                .setGateway(GATEWAY)
                .setSequence(sequence)
                .setCaptureTime(START.plusMillis(200 * sequence))
                .setWidth(width)
                .setHeight(height)
                .setJpeg(ByteBuffer.wrap(jpeg))
                .build();
    }

    /**
     * The end of a camera's finite source, as a gateway publishes it: no image, and the capture
     * time of the slot after the last frame ({@code sequence} = last frame's sequence + 1).
     */
    public static FrameEvent endOfStream(String camera, long sequence) {
        return FrameEvent.newBuilder(event(camera, sequence, new byte[0], 0, 0))
                .setEndOfStream(true)
                .build();
    }

    public static byte[] encode(FrameEvent event) {
        return CODEC.encode(event);
    }

    /**
     * A record of the frames topic at {@code offset} holding {@code value} under the camera's key.
     */
    public static RawRecord record(long offset, String camera, byte[] value) {
        return new RawRecord(
                "frames",
                0,
                offset,
                START.toEpochMilli() + offset,
                camera.getBytes(StandardCharsets.UTF_8),
                value);
    }
}
