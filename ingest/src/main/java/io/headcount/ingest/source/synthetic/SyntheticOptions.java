package io.headcount.ingest.source.synthetic;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the synthetic camera shows.
 *
 * @param manifest face manifest ({@code manifest.csv}) to draw people from
 * @param faceRoot folder the manifest's {@code file} column is relative to; null to find it from
 *     the manifest's folder upwards (see {@link FaceManifest})
 * @param maskTemplates folder of MaskTheFace templates; null when {@code maskedFraction} is 0 or
 *     {@code maskedFaces} is given
 * @param maskedFaces manifest of faces that already wear a mask (e.g. {@code headcount augment}'s,
 *     masks placed on the face's landmarks): masked people are drawn from it instead of getting a
 *     template pasted over the lower half; null for templates
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
 * @param scene {@code simple} (frontal crops at a steady speed) or {@code realistic} (head turns,
 *     approach, stops, occlusion, blur, lighting and JPEG quality over time, faces never good
 *     enough to judge: {@link RealisticScene})
 */
public record SyntheticOptions(
        Path manifest,
        Path faceRoot,
        Path maskTemplates,
        Path maskedFaces,
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
        Path groundTruth,
        String scene) {

    public static final String PLAIN = "plain";
    public static final String GRADIENT = "gradient";

    /** Frontal face crops walking across at a steady speed (the scene before issue 18). */
    public static final String SIMPLE = "simple";

    /** {@link RealisticScene}: turning heads, approach, stops, blur, lighting, poor faces. */
    public static final String REALISTIC = "realistic";

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
                maskedFraction == 0 || maskTemplates != null || maskedFaces != null,
                "maskTemplates or maskedFaces are needed when maskedFraction > 0");
        require(
                PLAIN.equals(background) || GRADIENT.equals(background),
                "background must be plain or gradient");
        require(jpegQuality > 0f && jpegQuality <= 1f, "jpegQuality must be in (0, 1]");
        require(
                SIMPLE.equals(scene) || REALISTIC.equals(scene),
                "scene must be simple or realistic, got " + scene);
    }

    /**
     * 1280x720 at 10 fps for 60 s, 3 people at once crossing in 5 s, faces 80 to 160 px, no masks.
     */
    public static SyntheticOptions of(Path manifest, Instant start) {
        return new SyntheticOptions(
                manifest, null, null, null, 1280, 720, 10, 600, start, 3, 0.2, 80, 160, 0, GRADIENT,
                1, 0.9f, null, SIMPLE);
    }

    public SyntheticOptions withSize(int newWidth, int newHeight) {
        int side = Math.min(newWidth, newHeight);
        return with(
                copy -> {
                    copy.width = newWidth;
                    copy.height = newHeight;
                    copy.minFace = Math.min(minFace, side);
                    copy.maxFace = Math.min(maxFace, side);
                });
    }

    public SyntheticOptions withFrames(double fps, long newFrames) {
        return with(
                copy -> {
                    copy.framesPerSecond = fps;
                    copy.frames = newFrames;
                });
    }

    public SyntheticOptions withPeople(
            int newDensity, double newSpeed, int newMinFace, int newMaxFace) {
        return with(
                copy -> {
                    copy.density = newDensity;
                    copy.speed = newSpeed;
                    copy.minFace = newMinFace;
                    copy.maxFace = newMaxFace;
                });
    }

    public SyntheticOptions withFaceRoot(Path root) {
        return with(copy -> copy.faceRoot = root);
    }

    public SyntheticOptions withMaskedFaces(Path manifest) {
        return with(copy -> copy.maskedFaces = manifest);
    }

    public SyntheticOptions withMasks(Path templates, double fraction) {
        return with(
                copy -> {
                    copy.maskTemplates = templates;
                    copy.maskedFraction = fraction;
                });
    }

    public SyntheticOptions withBackground(String newBackground) {
        return with(copy -> copy.background = newBackground);
    }

    public SyntheticOptions withSeed(long newSeed) {
        return with(copy -> copy.seed = newSeed);
    }

    public SyntheticOptions withJpegQuality(float quality) {
        return with(copy -> copy.jpegQuality = quality);
    }

    public SyntheticOptions withGroundTruth(Path file) {
        return with(copy -> copy.groundTruth = file);
    }

    public SyntheticOptions withScene(String newScene) {
        return with(copy -> copy.scene = newScene);
    }

    public boolean realistic() {
        return REALISTIC.equals(scene);
    }

    public SyntheticOptions withStart(Instant newStart) {
        return with(copy -> copy.start = newStart);
    }

    /** These options with some changed: one copy of the field list for all the withers. */
    private SyntheticOptions with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.build();
    }

    /** The fields of a copy while a wither changes them; {@link #build()} checks them all. */
    private static final class Copy {
        Path manifest;
        Path faceRoot;
        Path maskTemplates;
        Path maskedFaces;
        int width;
        int height;
        double framesPerSecond;
        long frames;
        Instant start;
        int density;
        double speed;
        int minFace;
        int maxFace;
        double maskedFraction;
        String background;
        long seed;
        float jpegQuality;
        Path groundTruth;
        String scene;

        Copy(SyntheticOptions options) {
            manifest = options.manifest;
            faceRoot = options.faceRoot;
            maskTemplates = options.maskTemplates;
            maskedFaces = options.maskedFaces;
            width = options.width;
            height = options.height;
            framesPerSecond = options.framesPerSecond;
            frames = options.frames;
            start = options.start;
            density = options.density;
            speed = options.speed;
            minFace = options.minFace;
            maxFace = options.maxFace;
            maskedFraction = options.maskedFraction;
            background = options.background;
            seed = options.seed;
            jpegQuality = options.jpegQuality;
            groundTruth = options.groundTruth;
            scene = options.scene;
        }

        SyntheticOptions build() {
            return new SyntheticOptions(
                    manifest,
                    faceRoot,
                    maskTemplates,
                    maskedFaces,
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
                    groundTruth,
                    scene);
        }
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
                + (maskedFraction > 0 ? ", masked " + maskedFraction : "")
                + (realistic() ? ", realistic scene" : "");
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
