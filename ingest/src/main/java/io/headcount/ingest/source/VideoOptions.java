package io.headcount.ingest.source;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How a {@link VideoFileSource} samples and encodes a video file or stream.
 *
 * @param framesPerSecond sample rate; 0 keeps every decoded frame (the video's own rate). A rate
 *     above the video's gives every frame once (frames are never repeated).
 * @param maxSide downscale frames whose longer side exceeds this; 0 for the video's own size
 * @param jpegQuality JPEG quality (0 to 1]
 * @param loop start again at the end (files only)
 * @param start capture time of the video's time 0 (files); a stream is stamped with the wall clock
 * @param timeout how long to wait for a stream to open or send a packet before it counts as failed
 */
public record VideoOptions(
        double framesPerSecond,
        int maxSide,
        float jpegQuality,
        boolean loop,
        Instant start,
        Duration timeout) {

    public VideoOptions {
        if (!(framesPerSecond >= 0 && Double.isFinite(framesPerSecond))) {
            throw new IllegalArgumentException(
                    "framesPerSecond must be 0 (every frame) or positive, got " + framesPerSecond);
        }
        if (maxSide < 0) {
            throw new IllegalArgumentException(
                    "maxSide must be 0 (no limit) or positive, got " + maxSide);
        }
        if (!(jpegQuality > 0f && jpegQuality <= 1f)) {
            throw new IllegalArgumentException("jpegQuality must be in (0, 1], got " + jpegQuality);
        }
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** Every frame, own size, once, time 0 at {@code start}. */
    public static VideoOptions of(Instant start) {
        return new VideoOptions(
                0,
                0,
                ImageFolderOptions.DEFAULT_JPEG_QUALITY,
                false,
                start,
                Duration.ofSeconds(10));
    }

    public VideoOptions withFramesPerSecond(double fps) {
        return new VideoOptions(fps, maxSide, jpegQuality, loop, start, timeout);
    }

    public VideoOptions withMaxSide(int newMaxSide) {
        return new VideoOptions(framesPerSecond, newMaxSide, jpegQuality, loop, start, timeout);
    }

    public VideoOptions withJpegQuality(float quality) {
        return new VideoOptions(framesPerSecond, maxSide, quality, loop, start, timeout);
    }

    public VideoOptions withLoop(boolean newLoop) {
        return new VideoOptions(framesPerSecond, maxSide, jpegQuality, newLoop, start, timeout);
    }

    public VideoOptions withTimeout(Duration newTimeout) {
        return new VideoOptions(framesPerSecond, maxSide, jpegQuality, loop, start, newTimeout);
    }
}
