package io.headcount.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * RTSP through FFmpeg. The failure path runs everywhere (nothing listens on the port); reading a
 * real stream needs an RTSP server, which the build does not start: set {@code
 * HEADCOUNT_TEST_RTSP_URL} (e.g. {@code rtsp://127.0.0.1:8554/cam} of a local mediamtx fed by
 * ffmpeg) to run it, else it is skipped.
 */
class RtspStreamTest {

    @Test
    void anUnreachableRtspCameraIsUnavailableWithinTheTimeout() {
        long start = System.nanoTime();
        assertThatThrownBy(
                        () ->
                                VideoFileSource.openStream(
                                        "rtsp://127.0.0.1:9/cam",
                                        VideoOptions.of(Instant.now())
                                                .withTimeout(Duration.ofSeconds(2))))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("rtsp://127.0.0.1:9/cam");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void readsFramesFromALiveRtspServerWhenOneIsConfigured() {
        String url = System.getenv("HEADCOUNT_TEST_RTSP_URL");
        assumeTrue(
                url != null && !url.isBlank(),
                "no RTSP server: set HEADCOUNT_TEST_RTSP_URL to run this test");
        try (VideoFileSource source =
                VideoFileSource.openStream(
                        url,
                        VideoOptions.of(Instant.now()).withFramesPerSecond(5).withMaxSide(640))) {
            assertThat(source.totalFrames()).isEmpty();
            Instant before = Instant.now();
            for (int i = 0; i < 5; i++) {
                SourceFrame frame = source.next().orElseThrow();
                assertThat(Math.max(frame.width(), frame.height())).isLessThanOrEqualTo(640);
                assertThat(frame.captureTime())
                        .isAfterOrEqualTo(before.minusSeconds(1)); // the wall clock
            }
        }
    }
}
