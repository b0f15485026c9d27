package io.headcount.bench.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.bench.BenchFrames;
import io.headcount.ingest.source.SourceFrame;
import io.headcount.ingest.source.synthetic.SyntheticCameraSource;
import io.headcount.ingest.source.synthetic.SyntheticOptions;
import io.headcount.testkit.SharedAssets;
import java.awt.Rectangle;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The scene ends with the last wanted person's last visible frame, not before. */
class PeopleLimitedSceneTest {

    @Test
    void endsOnceTheLastWantedPersonHasLeft() throws Exception {
        SyntheticOptions options = smallScene().withSeed(7);
        SyntheticCameraSource camera = SyntheticCameraSource.open(options);
        Rectangle frame = new Rectangle(0, 0, 160, 90);
        try (PeopleLimitedScene scene = new PeopleLimitedScene(camera, 5, 10_000)) {
            Optional<SourceFrame> next = scene.next();
            while (next.isPresent()) {
                next = scene.next();
            }

            assertThat(scene.entered()).isGreaterThanOrEqualTo(5);
            var fifth = camera.people().get(4);
            long lastFrame = scene.delivered() - 1;
            assertThat(fifth.boxAt(lastFrame).intersects(frame))
                    .as("the last frame is the 5th person's last visible one")
                    .isTrue();
            assertThat(fifth.boxAt(lastFrame + 1).intersects(frame))
                    .as("the 5th person would be gone in the next")
                    .isFalse();
        }
    }

    @Test
    void neverGoesPastItsFrameLimit() throws Exception {
        SyntheticOptions options = smallScene();
        try (PeopleLimitedScene scene =
                new PeopleLimitedScene(SyntheticCameraSource.open(options), 1000, 25)) {
            int frames = 0;
            while (scene.next().isPresent()) {
                frames++;
            }
            assertThat(frames).isEqualTo(25);
        }
    }

    /** 160x90 at 10 fps, two people at once, from the bench's face manifest. */
    private static SyntheticOptions smallScene() {
        return SyntheticOptions.of(
                        SharedAssets.data(BenchFrames.FACE_MANIFEST),
                        Instant.parse("2026-12-06T00:00:00Z"))
                .withSize(160, 90)
                .withFrames(10, 0)
                .withPeople(2, 0.5, 10, 20);
    }
}
