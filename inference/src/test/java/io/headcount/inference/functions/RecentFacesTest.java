package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.records.FrameInfo;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.FaceBox;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a camera's last frame had faces: per camera, recent, at the threshold, bounded. */
class RecentFacesTest {

    private static FrameInfo frame(String camera, long sequence, long captureTime) {
        return new FrameInfo("store-1", camera, "gw-1", sequence, captureTime);
    }

    private static DetectedFace face(float x, float score) {
        return new DetectedFace(new FaceBox(x, 100, 60, 60), score, new float[10]);
    }

    @Test
    void givesTheCamerasLastFacesAtTheThresholdWhileTheyAreRecent() {
        RecentFaces recent = new RecentFaces(0.6f);
        recent.remember(frame("cam-1", 1, 1_000), List.of(face(10, 0.9f), face(200, 0.4f)));

        assertThat(recent.before(frame("cam-1", 2, 1_100)))
                .containsExactly(new FaceBox(10, 100, 60, 60));
        assertThat(recent.before(frame("cam-2", 2, 1_100))).isEmpty();
        assertThat(recent.before(frame("cam-1", 2, 1_000 + RecentFaces.MAX_AGE_MILLIS + 1)))
                .as("too old: the face has walked on")
                .isEmpty();
        assertThat(recent.before(frame("cam-1", 0, 900))).as("an earlier frame").isEmpty();
    }

    @Test
    void anEndOfStreamForgetsTheCameraAndTheLeastRecentCamerasGoFirst() {
        RecentFaces recent = new RecentFaces(0.6f);
        recent.remember(frame("cam-1", 1, 1_000), List.of(face(10, 0.9f)));
        recent.remember(new FrameInfo("store-1", "cam-1", "gw-1", 2, 1_100, true), List.of());
        assertThat(recent.before(frame("cam-1", 3, 1_200))).isEmpty();
        assertThat(recent.cameras()).isZero();

        for (int i = 0; i <= RecentFaces.MAX_CAMERAS; i++) {
            recent.remember(frame("cam-" + i, 1, 1_000), List.of(face(10, 0.9f)));
        }
        assertThat(recent.cameras()).isEqualTo(RecentFaces.MAX_CAMERAS);
        assertThat(recent.before(frame("cam-0", 2, 1_100))).isEmpty();
        assertThat(recent.before(frame("cam-" + RecentFaces.MAX_CAMERAS, 2, 1_100))).hasSize(1);
    }
}
