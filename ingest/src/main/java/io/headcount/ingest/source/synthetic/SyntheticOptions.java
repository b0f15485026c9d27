package io.headcount.ingest.source.synthetic;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * What the synthetic camera shows.
 *
 * @param manifest face manifest ({@code manifest.csv}) to draw people from
 * @param maskTemplates folder of MaskTheFace templates; null when {@code maskedFraction} is 0
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param framesPerSecond frame rate of the scene's clock (and of the capture times)
 * @param frames how many frames the camera delivers; 0 for no end
 * @param start capture time of frame 0
 * @param density people in the scene at once (one lane each)
 * @param speed how fast people cross, in frame widths per second (each person varies by up to 30%)
 * @param minFace smallest face box side in pixels
 * @param maxFace largest face box side in pixels
 * @param maskedFraction share of people who wear a mask, 0 to 1
 * @param background {@code plain} or {@code gradient}
 * @param seed the same seed and options give the same frames and ground truth
 * @param jpegQuality JPEG quality (0 to 1]
 * @param groundTruth JSON-lines file to write the ground truth to; null for none
 */
public record SyntheticOptions(
        Path manifest,
        Path maskTemplates,
        int width,
        int height,
        double framesPerSecond,
        long frames,
        Instant start,
        int density,
        double speed,
        int minFace,
        int maxFace,
        double maskedFraction,
        String background,
        long seed,
        float jpegQuality,
        Path groundTruth) {

    public static final String PLAIN = "plain";
    public static final String GRADIENT = "gradient";

    public SyntheticOptions {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(start, "start");
        require(
                width >= 16 && height >= 16,
                "width and height must be at least 16, got " + width + "x" + height);
        require(
                framesPerSecond > 0 && Double.isFinite(framesPerSecond),
                "framesPerSecond must be positive");
        require(frames >= 0, "frames must be 0 (no end) or positive");
        require(density >= 1, "density must be at least 1 person");
        require(speed > 0 && Double.isFinite(speed), "speed must be positive");
        require(
                minFace >= 8 && maxFace >= minFace,
                "need 8 <= minFace <= maxFace, got " + minFace + ".." + maxFace);
        require(maxFace <= Math.min(width, height), "maxFace must fit the frame");
        require(maskedFraction >= 0 && maskedFraction <= 1, "maskedFraction must be in [0, 1]");
        require(
                maskedFraction == 0 || maskTemplates != null,
                "maskTemplates are needed when maskedFraction > 0");
        require(
                PLAIN.equals(background) || GRADIENT.equals(background),
                "background must be plain or gradient");
        require(jpegQuality > 0f && jpegQuality <= 1f, "jpegQuality must be in (0, 1]");
    }

    /**
     * 1280x720 at 10 fps for 60 s, 3 people at once crossing in 5 s, faces 80 to 160 px, no masks.
     */
    public static SyntheticOptions of(Path manifest, Instant start) {
        return new SyntheticOptions(
                manifest, null, 1280, 720, 10, 600, start, 3, 0.2, 80, 160, 0, GRADIENT, 1, 0.9f,
                null);
    }

    public SyntheticOptions withSize(int newWidth, int newHeight) {
        return new SyntheticOptions(
                manifest,
                maskTemplates,
                newWidth,
                newHeight,
                framesPerSecond,
                frames,
                start,
                density,
                speed,
                Math.min(minFace, Math.min(newWidth, newHeight)),
                Math.min(maxFace, Math.min(newWidth, newHeight)),
                maskedFraction,
                background,
                seed,
                jpegQuality,
                groundTruth);
    }

    public SyntheticOptions withFrames(double fps, long newFrames) {
        return new SyntheticOptions(
                manifest,
                maskTemplates,
                width,
                height,
                fps,
                newFrames,
                start,
                density,
                speed,
                minFace,
                maxFace,
                maskedFraction,
                background,
                seed,
                jpegQuality,
                groundTruth);
    }

    public SyntheticOptions withPeople(
            int newDensity, double newSpeed, int newMinFace, int newMaxFace) {
        return new SyntheticOptions(
                manifest,
                maskTemplates,
                width,
                height,
                framesPerSecond,
                frames,
                start,
                newDensity,
                newSpeed,
                newMinFace,
                newMaxFace,
                maskedFraction,
                background,
                seed,
                jpegQuality,
                groundTruth);
    }

    public SyntheticOptions withMasks(Path templates, double fraction) {
        return new SyntheticOptions(
                manifest,
                templates,
                width,
                height,
                framesPerSecond,
                frames,
                start,
                density,
                speed,
                minFace,
                maxFace,
                fraction,
                background,
                seed,
                jpegQuality,
                groundTruth);
    }

    public SyntheticOptions withBackground(String newBackground) {
        return new SyntheticOptions(
                manifest,
                maskTemplates,
                width,
                height,
                framesPerSecond,
                frames,
                start,
                density,
                speed,
                minFace,
                maxFace,
                maskedFraction,
                newBackground,
                seed,
                jpegQuality,
                groundTruth);
    }

    public SyntheticOptions withSeed(long newSeed) {
        return new SyntheticOptions(
                manifest,
                maskTemplates,
                width,
                height,
                framesPerSecond,
                frames,
                start,
                density,
                speed,
                minFace,
                maxFace,
                maskedFraction,
                background,
                newSeed,
                jpegQuality,
                groundTruth);
    }

    public SyntheticOptions withJpegQuality(float quality) {
        return new SyntheticOptions(
                manifest,
                maskTemplates,
                width,
                height,
                framesPerSecond,
                frames,
                start,
                density,
                speed,
                minFace,
                maxFace,
                maskedFraction,
                background,
                seed,
                quality,
                groundTruth);
    }

    public SyntheticOptions withGroundTruth(Path file) {
        return new SyntheticOptions(
                manifest,
                maskTemplates,
                width,
                height,
                framesPerSecond,
                frames,
                start,
                density,
                speed,
                minFace,
                maxFace,
                maskedFraction,
                background,
                seed,
                jpegQuality,
                file);
    }

    public SyntheticOptions withStart(Instant newStart) {
        return new SyntheticOptions(
                manifest,
                maskTemplates,
                width,
                height,
                framesPerSecond,
                frames,
                newStart,
                density,
                speed,
                minFace,
                maxFace,
                maskedFraction,
                background,
                seed,
                jpegQuality,
                groundTruth);
    }

    /** The scene in a few words, for logs. */
    public String describeScene() {
        return width
                + "x"
                + height
                + ", "
                + (frames > 0 ? frames + " frames" : "no end")
                + ", "
                + density
                + " people at once, seed "
                + seed
                + (maskedFraction > 0 ? ", masked " + maskedFraction : "");
    }

    /**
     * Capture time of frame {@code index}: whole milliseconds, as {@code FrameTiming} computes
     * them.
     */
    public Instant timeOf(long index) {
        return start.plusMillis(Math.round(index * 1000.0 / framesPerSecond));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
