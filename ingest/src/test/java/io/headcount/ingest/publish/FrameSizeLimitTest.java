package io.headcount.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.headcount.core.jpeg.JpegMarkers;
import io.headcount.ingest.TestImages;
import io.headcount.ingest.image.JpegEncoder;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.codec.AvroBytes;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FrameSizeLimitTest {

    private static final Instant CAPTURED = Instant.parse("2026-11-27T10:00:00.250Z");

    /** 1600x1200 of noise at quality 0.95: well over a megabyte. */
    private static byte[] noisyJpeg;

    @BeforeAll
    static void makeNoise() {
        noisyJpeg = JpegEncoder.encode(TestImages.noise(1600, 1200, 42), 0.95f);
    }

    @Test
    void aFrameThatFitsIsLeftAsItIs() {
        FrameEvent frame = frame(TestImages.bytes(TestImages.WIDE_PHOTO), 1023, 731);

        assertThat(FrameSizeLimit.of(200_000).fit(frame)).isSameAs(frame);
    }

    @Test
    void aTooLargeFrameIsDownscaledOnceToFitKeepingItsAspectAndIdentity() {
        assertThat(noisyJpeg.length).as("test frame size").isGreaterThan(1_000_000);
        FrameEvent frame = frame(noisyJpeg, 1600, 1200);

        FrameEvent fitted = FrameSizeLimit.of(300_000).fit(frame);

        assertThat(fitted.getJpeg().remaining()).isLessThanOrEqualTo(300_000);
        assertThat(fitted.getWidth()).isLessThan(1600);
        assertThat((double) fitted.getWidth() / fitted.getHeight())
                .isCloseTo(4.0 / 3.0, within(0.01));
        byte[] jpeg = AvroBytes.copyOf(fitted.getJpeg());
        assertThat(JpegMarkers.isBaseline(jpeg)).isTrue();
        BufferedImage sent = TestImages.decode(jpeg);
        assertThat(sent.getWidth()).isEqualTo(fitted.getWidth());
        assertThat(sent.getHeight()).isEqualTo(fitted.getHeight());
        assertThat(fitted.getCamera()).isEqualTo("cam-1");
        assertThat(fitted.getSequence()).isEqualTo(7);
        assertThat(fitted.getCaptureTime()).isEqualTo(CAPTURED);
    }

    @Test
    void aRealPhotoOverTheLimitIsDownscaledToFit() {
        byte[] photo = TestImages.bytes(TestImages.WIDE_PHOTO);
        FrameEvent fitted = FrameSizeLimit.of(photo.length / 3).fit(frame(photo, 1023, 731));

        assertThat(fitted.getJpeg().remaining()).isLessThanOrEqualTo(photo.length / 3);
        assertThat(fitted.getWidth()).isBetween(FrameSizeLimit.DEFAULT_MIN_SIDE, 1022);
    }

    @Test
    void aFrameStillTooLargeAfterOneDownscaleIsRejectedWithTheReason() {
        // Noise just above the smallest size: shrinking it hardly averages the noise away.
        byte[] noisy = JpegEncoder.encode(TestImages.noise(200, 150, 7), 1f);
        FrameEvent frame = frame(noisy, 200, 150);

        // The downscale stops at 160 pixels, and 160x120 of noise takes far more than 4 KB.
        assertThatThrownBy(() -> FrameSizeLimit.of(4_000).fit(frame))
                .isInstanceOfSatisfying(
                        FrameTooLargeException.class,
                        e -> {
                            assertThat(e.reason())
                                    .isEqualTo(FrameTooLargeException.Reason.TOO_LARGE);
                            assertThat(e.frameBytes()).isEqualTo(noisy.length);
                            assertThat(e.limitBytes()).isEqualTo(4_000);
                        })
                .hasMessageContaining("Frame 7 of camera cam-1")
                .hasMessageContaining("160x120");
    }

    @Test
    void anUndecodableFrameOverTheLimitIsRejected() {
        byte[] garbage = new byte[10_000];
        new Random(3).nextBytes(garbage);

        assertThatThrownBy(() -> FrameSizeLimit.of(5_000).fit(frame(garbage, 100, 100)))
                .isInstanceOfSatisfying(
                        FrameTooLargeException.class,
                        e ->
                                assertThat(e.reason())
                                        .isEqualTo(FrameTooLargeException.Reason.UNDECODABLE));
    }

    @Test
    void refusesImpossibleSettings() {
        assertThatThrownBy(() -> FrameSizeLimit.of(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameSizeLimit(1000, 0f, 160))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameSizeLimit(1000, 0.7f, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static FrameEvent frame(byte[] jpeg, int width, int height) {
        return FrameEvent.newBuilder()
                .setSite("site-1")
                .setCamera("cam-1")
                .setGateway("gw-1")
                .setSequence(7)
                .setCaptureTime(CAPTURED)
                .setWidth(width)
                .setHeight(height)
                .setJpeg(ByteBuffer.wrap(jpeg))
                .build();
    }
}
