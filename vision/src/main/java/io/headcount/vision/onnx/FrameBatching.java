package io.headcount.vision.onnx;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Micro-batching of frames for a model stage (the detector: {@code detector.batch-*}; the attribute
 * heads: {@code attributes.batch-*}): up to {@code maxFrames} frames of different cameras run
 * through the models together, waiting at most {@code maxWait} for a batch to fill. A GPU runs a
 * batch of 8 in about the time of one frame; a CPU gains nothing, so it is off there by default
 * ({@code maxFrames} 1: each frame runs as it comes).
 *
 * @param maxFrames frames per model run, at least 1 (1 = off)
 * @param maxWait longest time the first frame of a batch waits for more (latency added at most)
 */
public record FrameBatching(int maxFrames, Duration maxWait) implements Serializable {

    /** Frames per batch where the stage runs on CUDA and its setting is {@code auto}. */
    public static final int CUDA_DEFAULT_FRAMES = 8;

    /** The default wait: a fraction of a 4 fps camera's frame interval. */
    public static final Duration DEFAULT_WAIT = Duration.ofMillis(20);

    /** The setting's value that picks by execution provider. */
    public static final String AUTO = "auto";

    public FrameBatching {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxFrames < 1) {
            throw new IllegalArgumentException("batches need at least 1 frame: " + maxFrames);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("a batch wait cannot be negative: " + maxWait);
        }
    }

    /** One frame per model run, as it comes. */
    public static FrameBatching off() {
        return new FrameBatching(1, Duration.ZERO);
    }

    /**
     * The batching a setting asks for: {@code frames} is {@value #AUTO} ({@value
     * #CUDA_DEFAULT_FRAMES} frames where the stage runs on CUDA, off elsewhere) or a whole number;
     * {@code option} names the setting in the error.
     */
    public static FrameBatching parse(String frames, Duration wait, boolean cuda, String option) {
        if (frames.equals(AUTO)) {
            return cuda ? new FrameBatching(CUDA_DEFAULT_FRAMES, wait) : off();
        }
        int count;
        try {
            count = Integer.parseInt(frames);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    option + " must be auto or a whole number of frames: " + frames, e);
        }
        return new FrameBatching(count, wait);
    }

    public boolean enabled() {
        return maxFrames > 1;
    }
}
