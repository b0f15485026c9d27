package io.headcount.ingest.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.core.jpeg.JpegMarkers;
import io.headcount.ingest.TestImages;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JpegMarkersTest {

    @Test
    void tellsBaselineFromProgressiveJpegs() {
        assertThat(JpegMarkers.isBaseline(TestImages.bytes(TestImages.BASELINE_FACE))).isTrue();
        assertThat(JpegMarkers.isBaseline(TestImages.bytes(TestImages.WIDE_PHOTO))).isTrue();
        assertThat(JpegMarkers.isBaseline(TestImages.bytes(TestImages.PROGRESSIVE_FACE))).isFalse();
    }

    @Test
    void theEncoderWritesBaseline() {
        byte[] jpeg =
                JpegEncoder.encode(
                        TestImages.decode(TestImages.bytes(TestImages.PROGRESSIVE_FACE)), 0.8f);
        assertThat(JpegMarkers.isBaseline(jpeg)).isTrue();
    }

    @Test
    void otherBytesAreNotBaselineJpegs() {
        assertThat(JpegMarkers.isBaseline(TestImages.bytes(TestImages.RGBA_PNG))).isFalse();
        assertThat(JpegMarkers.isBaseline(new byte[0])).isFalse();
        assertThat(JpegMarkers.isBaseline(new byte[] {(byte) 0xFF, (byte) 0xD8})).isFalse();
        byte[] headerOnly = Arrays.copyOf(TestImages.bytes(TestImages.BASELINE_FACE), 30);
        assertThat(JpegMarkers.isBaseline(headerOnly)).isFalse();
    }
}
