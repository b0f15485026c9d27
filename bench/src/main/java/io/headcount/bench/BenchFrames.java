package io.headcount.bench;

import io.headcount.core.Assets;
import io.headcount.ingest.source.SourceFrame;
import io.headcount.ingest.source.synthetic.SyntheticCameraSource;
import io.headcount.ingest.source.synthetic.SyntheticFrame;
import io.headcount.ingest.source.synthetic.SyntheticOptions;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.frame.FrameDecoder;
import io.headcount.vision.frame.FrameRejectedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Frames from the gateway's synthetic camera: real labelled faces walking across a gradient
 * background, at a chosen size and number of people at once. The same arguments give the same
 * frames, byte for byte, so every measurement of a run (and of two runs) sees the same input.
 */
public final class BenchFrames {

    /** Faces are drawn from this data set (shared/data). */
    public static final String FACE_MANIFEST = "faces-sex/utkface_crop_part1/manifest.csv";

    public static final float JPEG_QUALITY = 0.9f;

    /**
     * Scene frames skipped before the first one kept: the synthetic camera starts empty and people
     * walk in from the edges, so its first frames hold few faces, and only slivers of them.
     */
    public static final int SCENE_WARM_UP_FRAMES = 40;

    private BenchFrames() {}

    public static Path defaultManifest() {
        return Assets.fromEnvironment().data().resolve(FACE_MANIFEST);
    }

    /**
     * {@code count} frames of {@code width x height} with {@code faces} people in view at once
     * (fewer for a moment when one leaves and the next has not yet entered), from the scene's
     * {@value #SCENE_WARM_UP_FRAMES}th frame on. Faces are 1/9 to 2/9 of the frame height, crossing
     * the frame in about ten seconds of scene time.
     */
    public static List<BenchFrame> synthetic(
            Path manifest, int width, int height, int faces, int count, long seed)
            throws IOException {
        return synthetic(manifest, width, height, faces, count, seed, 10);
    }

    /**
     * As {@link #synthetic(Path, int, int, int, int, long)}, the scene filmed at {@code
     * framesPerSecond}: people still cross in about ten seconds, so they move further between
     * frames at a lower rate, as they would in front of a live camera of that rate.
     */
    public static List<BenchFrame> synthetic(
            Path manifest,
            int width,
            int height,
            int faces,
            int count,
            long seed,
            double framesPerSecond)
            throws IOException {
        int minFace = Math.max(24, height / 9);
        int maxFace = Math.max(minFace, 2 * height / 9);
        SyntheticOptions options =
                SyntheticOptions.of(manifest, Instant.parse("2026-01-01T00:00:00Z"))
                        .withSize(width, height)
                        .withFrames(framesPerSecond, SCENE_WARM_UP_FRAMES + count)
                        .withPeople(faces, 0.1, minFace, maxFace)
                        .withSeed(seed)
                        .withJpegQuality(JPEG_QUALITY);
        List<BenchFrame> frames = new ArrayList<>(count);
        try (SyntheticCameraSource camera = SyntheticCameraSource.open(options)) {
            for (Optional<SyntheticFrame> next = camera.nextFrame();
                    next.isPresent();
                    next = camera.nextFrame()) {
                SyntheticFrame frame = next.get();
                if (frame.index() < SCENE_WARM_UP_FRAMES) {
                    continue;
                }
                SourceFrame encoded = camera.encode(frame);
                frames.add(
                        new BenchFrame(
                                frame.index() - SCENE_WARM_UP_FRAMES,
                                frame.time(),
                                width,
                                height,
                                encoded.jpeg(),
                                frame.boxes().size()));
            }
        }
        return frames;
    }

    /** The frames decoded as the job decodes them. */
    public static List<BgrImage> decode(List<BenchFrame> frames) {
        FrameDecoder decoder = new FrameDecoder();
        List<BgrImage> images = new ArrayList<>(frames.size());
        for (BenchFrame frame : frames) {
            try {
                images.add(decoder.decode(frame.jpeg(), frame.width(), frame.height()));
            } catch (FrameRejectedException e) {
                throw new IllegalStateException("frame " + frame.index() + " does not decode", e);
            }
        }
        return images;
    }

    /** Writes the frames as {@code frame-00000.jpg}... into {@code folder} (for the OpenCV run). */
    public static void writeJpegs(List<BenchFrame> frames, Path folder) throws IOException {
        Files.createDirectories(folder);
        for (BenchFrame frame : frames) {
            Files.write(
                    folder.resolve(String.format("frame-%05d.jpg", frame.index())), frame.jpeg());
        }
    }

    /** Faces drawn per frame, on average. */
    public static double meanFaces(List<BenchFrame> frames) {
        return frames.stream().mapToInt(BenchFrame::faces).average().orElse(0);
    }
}
