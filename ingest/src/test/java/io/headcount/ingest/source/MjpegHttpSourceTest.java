package io.headcount.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.ingest.TestImages;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MJPEG parsing against a real local HTTP server. */
class MjpegHttpSourceTest {

    static List<byte[]> faces(int n) throws Exception {
        List<byte[]> jpegs = new ArrayList<>();
        for (Path face : TestImages.faces(n)) {
            jpegs.add(Files.readAllBytes(face));
        }
        return jpegs;
    }

    @ParameterizedTest(name = "Content-Length {0}")
    @ValueSource(booleans = {true, false})
    void readsEveryPartInOrderWithOrWithoutContentLength(boolean contentLength) throws Exception {
        List<byte[]> jpegs = faces(6);
        try (MjpegTestServer server = new MjpegTestServer(jpegs, 20, 6, 0, contentLength);
                MjpegHttpSource source =
                        MjpegHttpSource.open(
                                server.uri(),
                                new MjpegHttpSource.Options(0, 0, 0.85f, Duration.ofSeconds(5)))) {
            List<SourceFrame> frames = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                frames.add(source.next().orElseThrow());
            }
            for (int i = 0; i < 6; i++) {
                SourceFrame frame = frames.get(i);
                assertThat(frame.width()).isEqualTo(200);
                assertThat(frame.captureTime()).isNotNull();
                if (io.headcount.core.jpeg.JpegMarkers.isBaseline(jpegs.get(i))) {
                    assertThat(frame.jpeg()).isEqualTo(jpegs.get(i));
                } else {
                    assertThat(
                                    TestImages.meanAbsoluteDifference(
                                            TestImages.decode(frame.jpeg()),
                                            TestImages.decode(jpegs.get(i))))
                            .isLessThan(4.0);
                }
            }
            assertThat(source.dropped()).isZero();
            // The camera closes the stream after 6 parts: the source reports it, for the gateway to
            // reconnect.
            assertThatThrownBy(source::next)
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("failed");
        }
    }

    @Test
    void aLowerRateTakesTheLatestPartAndCountsTheOthersAsDropped() throws Exception {
        try (MjpegTestServer server = new MjpegTestServer(faces(5), 10, 200, 0, true);
                MjpegHttpSource source =
                        MjpegHttpSource.open(
                                server.uri(),
                                new MjpegHttpSource.Options(
                                        10, 100, 0.85f, Duration.ofSeconds(5)))) {
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                SourceFrame frame = source.next().orElseThrow();
                assertThat(frame.width()).isEqualTo(100);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).isGreaterThanOrEqualTo(850); // 10 frames at 10 fps
            // The camera sends about 100 parts a second; most are replaced before they are taken.
            assertThat(source.dropped()).isGreaterThan(30);
            assertThat(source.received()).isGreaterThanOrEqualTo(source.dropped() + 10);
        }
    }

    @Test
    void anUnreachableCameraOrAnHttpErrorIsUnavailable() throws Exception {
        try (MjpegTestServer server = new MjpegTestServer(faces(1), 10, 1, 1, true)) {
            assertThatThrownBy(
                            () ->
                                    MjpegHttpSource.open(
                                            server.uri(),
                                            new MjpegHttpSource.Options(
                                                    0, 0, 0.85f, Duration.ofSeconds(2))))
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("HTTP 503");
        }
        // Port 9 (discard) on loopback: nothing listens there in the test environment.
        assertThatThrownBy(
                        () ->
                                MjpegHttpSource.open(
                                        URI.create("http://127.0.0.1:9/stream"),
                                        new MjpegHttpSource.Options(
                                                0, 0, 0.85f, Duration.ofSeconds(2))))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("cannot reach");
    }

    @Test
    void boundaryParameterForms() {
        assertThat(MjpegHttpSource.boundaryOf("multipart/x-mixed-replace; boundary=--frame"))
                .isEqualTo("frame");
        assertThat(MjpegHttpSource.boundaryOf("multipart/x-mixed-replace;boundary=\"myboundary\""))
                .isEqualTo("myboundary");
        assertThat(MjpegHttpSource.boundaryOf("image/jpeg")).isNull();
    }
}
