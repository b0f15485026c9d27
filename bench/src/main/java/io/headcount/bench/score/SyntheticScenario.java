package io.headcount.bench.score;

import io.headcount.ingest.source.synthetic.SyntheticOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A scene of the synthetic camera, which writes its own ground truth.
 *
 * @param manifest face manifest the synthetic camera draws people from
 * @param faceRoot folder the manifest's file paths are relative to; null to resolve them from the
 *     manifest's folder upwards
 * @param maskTemplates MaskTheFace templates; null when {@code maskedFraction} is 0
 * @param maskedFaces manifest of faces that already wear a mask (as {@code headcount augment}
 *     writes them, masks placed on the landmarks): masked people are drawn from it instead of
 *     getting a template pasted on; null for templates
 * @param people persons who walk through; the scene ends once the last of them has left
 * @param density people in view at once (one lane each)
 * @param speed frame widths per second a person crosses at (each person ±30 %)
 * @param maskedFraction share of people wearing a mask
 * @param framesPerSecond the synthetic clock (event time); frames are sent as fast as Kafka takes
 * @param width frame width
 * @param height frame height
 * @param seed the same seed gives the same scene and ground truth
 * @param groundTruth where the synthetic camera writes its ground truth (JSON lines)
 * @param scene {@code simple} or {@code realistic} ({@code SyntheticOptions.SIMPLE}, {@code
 *     REALISTIC}: head turns, approach, stops, blur, lighting, faces never good enough to judge)
 */
public record SyntheticScenario(
        Path manifest,
        Path faceRoot,
        Path maskTemplates,
        Path maskedFaces,
        int people,
        int density,
        double speed,
        double maskedFraction,
        double framesPerSecond,
        int width,
        int height,
        long seed,
        Path groundTruth,
        String scene)
        implements Scenario {

    public SyntheticScenario {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(groundTruth, "groundTruth");
        if (!SyntheticOptions.SIMPLE.equals(scene) && !SyntheticOptions.REALISTIC.equals(scene)) {
            throw new IllegalArgumentException("scene must be simple or realistic, got " + scene);
        }
        if (people < 1) {
            throw new IllegalArgumentException("people must be at least 1, got " + people);
        }
        if (maskedFraction > 0 && maskTemplates == null && maskedFaces == null) {
            throw new IllegalArgumentException(
                    "mask templates or masked faces are needed for masked people");
        }
    }

    /** Smallest face side: 1/9 of the frame height, as the bench's frames (at least 24 px). */
    public int minFace() {
        return Math.max(24, height / 9);
    }

    /** Largest face side: 2/9 of the frame height. */
    public int maxFace() {
        return Math.max(minFace(), 2 * height / 9);
    }

    /**
     * An upper bound of the scene's length in frames: each lane takes its share of the people one
     * after another, each crossing at the slowest speed (70 %) plus the longest pause (1 s). The
     * clock of the frames is placed so that this many frames end about now (see {@link ScoreRun}).
     */
    public long maxFrames() {
        long perLane = (people + density - 1) / density;
        boolean realistic = SyntheticOptions.REALISTIC.equals(scene);
        // Realistic: people walk at half the speed at slowest, grow up to 1.6x and stop up to 4 s.
        double slowest = realistic ? 0.5 : 0.7;
        double face = realistic ? 1.6 * maxFace() : maxFace();
        double crossingSeconds =
                (1.0 + face / width) / (slowest * speed) + 1.0 + (realistic ? 4.0 : 0.0);
        return (long) Math.ceil((perLane + 1) * crossingSeconds * framesPerSecond);
    }
}
