package io.headcount.bench.score;

import io.headcount.core.Windows;
import io.headcount.ingest.FrameTiming;
import io.headcount.ingest.source.FrameSource;
import io.headcount.ingest.source.ImageFolderOptions;
import io.headcount.ingest.source.ImageFolderSource;
import io.headcount.ingest.source.VideoFileSource;
import io.headcount.ingest.source.VideoOptions;
import io.headcount.scoring.truth.AnnotationCsvReader;
import io.headcount.scoring.truth.GroundTruth;
import io.headcount.scoring.truth.TruthPerson;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A user's footage with its annotation. The annotation is read before the pipeline starts, so a bad
 * file fails at once. The footage is replayed with recent capture times: its own time 0 (the
 * scenario's start, or 0 s for an annotation in seconds) moves forward by a whole number of
 * windows, so every person falls into the same window as in the footage's own clock, and the truth
 * moves with it.
 */
final class FootageScene implements ScoreScene {

    static final String CAMERA = "cam-footage";

    /** Annotation times may run this far past the footage's last frame (rounding, a last frame). */
    private static final Duration SLACK = Duration.ofSeconds(1);

    private final FootageScenario scenario;
    private final Instant captureStart;
    private final double framesPerSecond;
    private final GroundTruth truth;
    private final String footage;

    private FootageScene(
            FootageScenario scenario,
            Instant captureStart,
            double framesPerSecond,
            GroundTruth truth,
            String footage) {
        this.scenario = scenario;
        this.captureStart = captureStart;
        this.framesPerSecond = framesPerSecond;
        this.truth = truth;
        this.footage = footage;
    }

    /**
     * Reads the annotation and measures the footage.
     *
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException if the annotation does not fit the footage
     */
    static FootageScene prepare(FootageScenario scenario, Duration window) throws IOException {
        double framesPerSecond;
        Duration length;
        String footage;
        if (scenario.video() != null) {
            try (VideoFileSource probe =
                    VideoFileSource.open(scenario.video(), VideoOptions.of(Instant.EPOCH))) {
                double nativeRate = probe.nativeFramesPerSecond();
                long frames = probe.totalFrames().orElse(0);
                framesPerSecond =
                        scenario.framesPerSecond() > 0
                                ? scenario.framesPerSecond()
                                : nativeRate > 0 ? nativeRate : 25;
                length = Duration.ofMillis(Math.round(frames * 1000.0 / Math.max(1, nativeRate)));
                footage = probe.describe();
            }
        } else {
            try (ImageFolderSource probe =
                    ImageFolderSource.open(scenario.images(), ImageFolderOptions.defaults())) {
                framesPerSecond = scenario.framesPerSecond();
                length =
                        Duration.ofMillis(
                                Math.round(probe.files().size() * 1000.0 / framesPerSecond));
                footage = probe.describe() + " at " + framesPerSecond + " fps";
            }
        }
        Instant timeZero = scenario.start() != null ? scenario.start() : Instant.EPOCH;
        GroundTruth annotated =
                AnnotationCsvReader.read(scenario.persons(), scenario.boxes(), CAMERA, timeZero);
        checkWithin(annotated, timeZero, length, scenario);
        Instant recent = Windows.recentStart(length.plus(window), window);
        long windows =
                Math.floorDiv(Duration.between(timeZero, recent).toMillis(), window.toMillis());
        Duration offset = window.multipliedBy(windows);
        return new FootageScene(
                scenario,
                timeZero.plus(offset),
                framesPerSecond,
                annotated.shiftedBy(offset),
                footage);
    }

    /** Every person must lie within the footage: a wrong --start shows here, not as a bad score. */
    private static void checkWithin(
            GroundTruth annotated, Instant timeZero, Duration length, FootageScenario scenario) {
        Instant end = timeZero.plus(length).plus(SLACK);
        for (TruthPerson person : annotated.persons()) {
            if (person.enter().isBefore(timeZero.minus(SLACK)) || person.leave().isAfter(end)) {
                throw new IllegalArgumentException(
                        String.format(
                                Locale.ROOT,
                                "%s: person %s (%s to %s) is not within the footage's %.1f s"
                                        + " from %s%s",
                                scenario.persons(),
                                person.id(),
                                person.enter(),
                                person.leave(),
                                length.toMillis() / 1000.0,
                                timeZero,
                                scenario.start() == null
                                        ? "; an annotation with ISO-8601 times needs --start,"
                                                + " the instant of the footage's time 0"
                                        : ""));
            }
        }
    }

    @Override
    public String camera() {
        return CAMERA;
    }

    @Override
    public FrameTiming timing() {
        return FrameTiming.asFastAsPossible(captureStart, framesPerSecond);
    }

    @Override
    public FrameSource open() throws IOException {
        if (scenario.video() != null) {
            return VideoFileSource.open(
                    scenario.video(),
                    VideoOptions.of(captureStart)
                            .withFramesPerSecond(scenario.framesPerSecond())
                            .withMaxSide(scenario.maxSide()));
        }
        return ImageFolderSource.open(
                scenario.images(), ImageFolderOptions.defaults().withMaxSide(scenario.maxSide()));
    }

    @Override
    public String describe() {
        return footage
                + " with "
                + truth.persons().size()
                + " annotated persons ("
                + scenario.persons().getFileName()
                + (scenario.boxes() != null ? ", " + scenario.boxes().getFileName() : "")
                + ")";
    }

    @Override
    public String publishedNote() {
        return "";
    }

    @Override
    public GroundTruth truth() {
        return truth;
    }
}
