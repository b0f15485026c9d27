package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CameraRateLimitTest {

    private static final long T0 = 1_780_000_000_000L;

    @Test
    void takesUpToTheLimitPerSecondOfCaptureTimeAndRefusesTheRest() {
        CameraRateLimit limit = new CameraRateLimit(5);

        long refused =
                IntStream.range(0, 12).filter(i -> limit.take("cam-1", T0 + i).isPresent()).count();
        assertThat(refused).isEqualTo(7);
        var violation = limit.take("cam-1", T0 + 999).orElseThrow();
        assertThat(violation.reason()).isEqualTo(CameraRateLimit.FLOODING);
        assertThat(violation.detail()).contains("cam-1", "more than 5 frames", "frame 13");

        // The next second of the camera's clock starts afresh.
        assertThat(limit.take("cam-1", T0 + 1000)).isEmpty();
    }

    @Test
    void aBacklogSentAtOnceIsTakenWhenItsCaptureTimesAreAtTheCamerasRate() {
        CameraRateLimit limit = new CameraRateLimit(30);
        // Ten minutes of a 25 fps camera, all arriving in one burst after an outage.
        assertThat(IntStream.range(0, 25 * 600))
                .allMatch(i -> limit.take("cam-1", T0 + i * 40L).isEmpty());
    }

    @Test
    void eachCameraHasItsOwnCount() {
        CameraRateLimit limit = new CameraRateLimit(2);
        limit.take("flood", T0);
        limit.take("flood", T0);
        assertThat(limit.take("flood", T0)).isPresent();
        assertThat(limit.take("quiet", T0)).isEmpty();
        assertThat(limit.take("quiet", T0)).isEmpty();
    }

    @Test
    void forgetsTheLeastRecentCameraBeyondItsBound() {
        CameraRateLimit limit = new CameraRateLimit(1);
        limit.take("first", T0);
        for (int i = 0; i < RecentCameras.MAX_CAMERAS; i++) {
            limit.take("cam-" + i, T0);
        }
        // "first" was forgotten, so its second frame of the same second counts as its first.
        assertThat(limit.take("first", T0)).isEmpty();
        assertThat(limit.take("cam-" + (RecentCameras.MAX_CAMERAS - 1), T0)).isPresent();
    }

    @Test
    void refusesALimitBelowOne() {
        assertThatThrownBy(() -> new CameraRateLimit(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
