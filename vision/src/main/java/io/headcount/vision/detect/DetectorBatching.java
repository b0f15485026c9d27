package io.headcount.vision.detect;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Micro-batching of frames for the detector: up to {@code maxFrames} frames (of any cameras, of one
 * tensor size) run through the model together, waiting at most {@code maxWait} for a batch to fill.
 * A GPU runs a batch of 8 in about the time of one frame; a CPU gains nothing, so it is off there
 * by default ({@code maxFrames} 1: each frame runs as it comes).
 *
 * @param maxFrames frames per model run, at least 1 (1 = off)
 * @param maxWait longest time the first frame of a batch waits for more (latency added at most)
 */
public record DetectorBatching(int maxFrames, Duration maxWait) implements Serializable {

    /** Frames per batch where the detector runs on CUDA and the setting is {@code auto}. */
    public static final int CUDA_DEFAULT_FRAMES = 8;

    /** The default wait: a fraction of a 4 fps camera's frame interval. */
    public static final Duration DEFAULT_WAIT = Duration.ofMillis(20);

    public DetectorBatching {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxFrames < 1) {
            throw new IllegalArgumentException(
                    "detector batches need at least 1 frame: " + maxFrames);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("a batch wait cannot be negative: " + maxWait);
        }
    }

    /** One frame per model run, as it comes. */
    public static DetectorBatching off() {
        return new DetectorBatching(1, Duration.ZERO);
    }

    public boolean enabled() {
        return maxFrames > 1;
    }
}
