package io.headcount.bench.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.bench.BenchFrames;
import io.headcount.ingest.source.FrameSource;
import io.headcount.scoring.truth.GroundTruth;
import io.headcount.scoring.truth.TruthPerson;
import io.headcount.testkit.SharedAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Footage and its annotation on one recent clock, moved by whole windows. */
class FootageSceneTest {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    @TempDir Path folder;

    /** Ten copies of a face photo: a 2 s image sequence at 5 fps. */
    private Path images() throws Exception {
        Path faces = SharedAssets.data(BenchFrames.FACE_MANIFEST).getParent();
        Path photo;
        try (Stream<Path> files = Files.list(faces)) {
            photo = files.filter(p -> p.toString().endsWith(".jpg")).findFirst().orElseThrow();
        }
        Path images = Files.createDirectories(folder.resolve("images"));
        for (int i = 0; i < 10; i++) {
            Files.copy(photo, images.resolve(String.format("frame-%02d.jpg", i)));
        }
        return images;
    }

    private Path persons(String rows) throws Exception {
        return Files.writeString(folder.resolve("persons.csv"), "person,enter,leave,sex\n" + rows);
    }

    @Test
    void theTruthMovesWithTheFramesByWholeWindows() throws Exception {
        Path boxes =
                Files.writeString(
                        folder.resolve("boxes.csv"),
                        "person,time,x,y,width,height\nanna,0.4,10,20,100,100\n");
        FootageScenario scenario =
                new FootageScenario(
                        null,
                        images(),
                        persons("anna,0.2,1.8,female\n"),
                        boxes,
                        Instant.parse("2020-05-01T10:00:30Z"),
                        5,
                        0);

        FootageScene scene = FootageScene.prepare(scenario, WINDOW);

        Instant start = scene.timing().start();
        assertThat(Duration.between(start, Instant.now()))
                .as("recent, so Kafka keeps the frames")
                .isBetween(Duration.ZERO, Duration.ofMinutes(3));
        assertThat(Duration.between(scenario.start(), start).toMillis() % WINDOW.toMillis())
                .as("moved by whole windows: every person stays in its window")
                .isZero();
        GroundTruth truth = scene.truth();
        TruthPerson anna = truth.persons().get(0);
        assertThat(anna.enter()).isEqualTo(start.plusMillis(200));
        assertThat(anna.leave()).isEqualTo(start.plusMillis(1800));
        assertThat(anna.boxes().get(0).time()).isEqualTo(start.plusMillis(400));
        assertThat(truth.camera()).isEqualTo(scene.camera());
        assertThat(scene.timing().captureTimeOf(2)).isEqualTo(start.plusMillis(400));
        try (FrameSource source = scene.open()) {
            assertThat(source.totalFrames()).hasValue(10);
        }
    }

    @Test
    void anAnnotationOutsideTheFootageIsRefusedBeforeThePipelineStarts() throws Exception {
        Path images = images();

        assertThatThrownBy(
                        () ->
                                FootageScene.prepare(
                                        new FootageScenario(
                                                null,
                                                images,
                                                persons("anna,0.2,9.5,female\n"),
                                                null,
                                                null,
                                                5,
                                                0),
                                        WINDOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("person anna")
                .hasMessageContaining("not within the footage's 2.0 s");
        assertThatThrownBy(
                        () ->
                                FootageScene.prepare(
                                        new FootageScenario(
                                                null,
                                                images,
                                                persons(
                                                        "anna,2026-11-27T10:00:00Z,2026-11-27T10:00:01Z,f\n"),
                                                null,
                                                null,
                                                5,
                                                0),
                                        WINDOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs --start");
    }
}
