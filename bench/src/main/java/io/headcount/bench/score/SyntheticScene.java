package io.headcount.bench.score;

import io.headcount.core.Windows;
import io.headcount.ingest.FrameTiming;
import io.headcount.ingest.source.FrameSource;
import io.headcount.ingest.source.synthetic.SyntheticCameraSource;
import io.headcount.ingest.source.synthetic.SyntheticOptions;
import io.headcount.scoring.truth.GroundTruth;
import io.headcount.scoring.truth.SyntheticTruthReader;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;

/** The synthetic camera until the scenario's people have passed; it writes the ground truth. */
final class SyntheticScene implements ScoreScene {

    static final String CAMERA = "cam-synthetic";

    private final SyntheticScenario scenario;
    private final SyntheticOptions options;
    private PeopleLimitedScene source;

    SyntheticScene(SyntheticScenario scenario, Duration window) throws IOException {
        this.scenario = scenario;
        Files.createDirectories(scenario.groundTruth().toAbsolutePath().getParent());
        long spanMillis =
                (long) Math.ceil(scenario.maxFrames() * 1000.0 / scenario.framesPerSecond());
        Instant start = Windows.recentStart(Duration.ofMillis(spanMillis).plus(window), window);
        SyntheticOptions scene =
                SyntheticOptions.of(scenario.manifest(), start)
                        .withFaceRoot(scenario.faceRoot())
                        .withSize(scenario.width(), scenario.height())
                        // No frame limit of the camera's own: PeopleLimitedScene ends the scene.
                        .withFrames(scenario.framesPerSecond(), 0)
                        .withPeople(
                                scenario.density(),
                                scenario.speed(),
                                scenario.minFace(),
                                scenario.maxFace())
                        .withSeed(scenario.seed())
                        .withScene(scenario.scene())
                        .withGroundTruth(scenario.groundTruth());
        this.options =
                scenario.maskedFraction() > 0
                        ? scene.withMasks(scenario.maskTemplates(), scenario.maskedFraction())
                                .withMaskedFaces(scenario.maskedFaces())
                        : scene;
    }

    @Override
    public String camera() {
        return CAMERA;
    }

    @Override
    public FrameTiming timing() {
        return FrameTiming.asFastAsPossible(options.start(), options.framesPerSecond());
    }

    @Override
    public FrameSource open() throws IOException {
        source =
                new PeopleLimitedScene(
                        SyntheticCameraSource.open(options),
                        scenario.people(),
                        scenario.maxFrames());
        return source;
    }

    @Override
    public String describe() {
        return options.describeScene() + " until " + scenario.people() + " people have passed";
    }

    @Override
    public String publishedNote() {
        return source == null ? "" : source.entered() + " people entered";
    }

    @Override
    public GroundTruth truth() throws IOException {
        return SyntheticTruthReader.read(scenario.groundTruth(), CAMERA);
    }
}
