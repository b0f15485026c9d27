package io.headcount.bench.sizing;

import java.time.Duration;
import java.util.Map;

/**
 * What {@code headcount bench --sizing} runs: how many live cameras of one size and rate the node
 * keeps up with. The launcher parses the options into this record; {@link CameraSizing#run} takes
 * it from there.
 *
 * @param width frame width
 * @param height frame height
 * @param faces people in view of each camera at once
 * @param framesPerSecond each camera's frame rate, sent in real time
 * @param distinctFrames frames made by the synthetic camera at that rate; every camera cycles
 *     through them from an offset of its own
 * @param warmupTime frames at full speed once, before the first step, not measured (JIT, sessions)
 * @param stepWarmup each step's cameras run this long before its measurement starts
 * @param stepTime each step's measurement period
 * @param firstCameras cameras of the first step
 * @param maxCameras the search never tries more
 * @param budget the search starts no step that would end after this time from the start of the run
 * @param maxLatency a step keeps up only if 95 % of its frames had their result within this (from
 *     sending the frame to its committed {@code frames-processed} record)
 * @param checkpointInterval the job's checkpoint interval (exactly-once results appear then)
 * @param window the aggregation's window
 * @param grace the aggregation's grace
 * @param inference inference options (the default model set unless changed here)
 */
public record SizingSettings(
        int width,
        int height,
        int faces,
        double framesPerSecond,
        int distinctFrames,
        Duration warmupTime,
        Duration stepWarmup,
        Duration stepTime,
        int firstCameras,
        int maxCameras,
        Duration budget,
        Duration maxLatency,
        Duration checkpointInterval,
        Duration window,
        Duration grace,
        Map<String, String> inference) {

    public SizingSettings {
        if (!(framesPerSecond > 0 && Double.isFinite(framesPerSecond))) {
            throw new IllegalArgumentException(
                    "frames per second must be positive, got " + framesPerSecond);
        }
        if (firstCameras < 1 || maxCameras < firstCameras) {
            throw new IllegalArgumentException(
                    "cameras: need 1 <= first (" + firstCameras + ") <= max (" + maxCameras + ")");
        }
        if (stepWarmup.toNanos() < (long) (1e9 / framesPerSecond)) {
            throw new IllegalArgumentException(
                    "the step warm-up must last at least one frame interval, so that every camera"
                            + " has started before the measurement");
        }
        if (stepTime.compareTo(checkpointInterval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException(
                    "a step must last at least three checkpoint intervals: results appear at"
                            + " checkpoints");
        }
        inference = Map.copyOf(inference);
    }
}
