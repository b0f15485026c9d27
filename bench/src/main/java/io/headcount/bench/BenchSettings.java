package io.headcount.bench;

import java.time.Duration;
import java.util.Map;

/**
 * What {@code headcount bench} runs: its command parses the options into this record and {@link
 * BenchRun#run} takes it from there.
 *
 * @param width frame width
 * @param height frame height
 * @param faces people in view at once
 * @param distinctFrames frames made by the synthetic camera and cycled through
 * @param warmupTime frames pushed as fast as the pipeline takes them, not measured, before the
 *     rounds: the Java stages are compiled by the JIT by then (as JMH's warm-up iterations)
 * @param warmupLimit the warm-up goes on past {@code warmupTime} while the JIT still compiles (see
 *     {@link JitSettling}), up to this long in all; at most {@code warmupTime} turns it off
 * @param throughputTime how long frames are pushed as fast as the pipeline takes them, in all
 * @param rounds slices the throughput time is cut into, each after a pass of the floor
 * @param latencyTime how long frames are sent at a steady rate for the latencies
 * @param latencyLoad that rate as a share of the measured throughput
 * @param backlog frames in flight at most in the throughput phase; 0 for {@link #framesInFlight}'s
 *     default
 * @param checkpointInterval the job's checkpoint interval (exactly-once results appear then)
 * @param window the aggregation's window
 * @param grace the aggregation's grace (at least its track gap plus check interval, 4 s)
 * @param inference inference options (the same for every measurement)
 * @param opencvPython the interpreter with cv2; null for the default
 * @param aggregationObservations observations of the aggregation-only load (the Kafka Streams app
 *     alone on its own broker, after the pipeline); 0 leaves it out
 * @param cameras cameras the end-to-end frames come from, in turn (0 = one per core); the job runs
 *     one subtask per camera, up to one per core, unless {@code inference} sets {@code parallelism}
 */
public record BenchSettings(
        int width,
        int height,
        int faces,
        int distinctFrames,
        Duration warmupTime,
        Duration warmupLimit,
        Duration throughputTime,
        int rounds,
        Duration latencyTime,
        double latencyLoad,
        int backlog,
        Duration checkpointInterval,
        Duration window,
        Duration grace,
        Map<String, String> inference,
        String opencvPython,
        int aggregationObservations,
        int cameras) {

    /** Frames in flight per second of checkpoint interval, by default. */
    static final int FRAMES_IN_FLIGHT_PER_CHECKPOINT_SECOND = 200;

    public BenchSettings {
        inference = Map.copyOf(inference);
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must be 0 (default) or more: " + backlog);
        }
    }

    /**
     * The frames kept in flight in the throughput phase: the backlog, or by default {@value
     * #FRAMES_IN_FLIGHT_PER_CHECKPOINT_SECOND} per second of checkpoint interval (at least 40).
     * Exactly-once results appear only when a checkpoint completes, so a frame stays in flight for
     * an interval or more: fewer frames in flight than the job processes in an interval would cap
     * the throughput at backlog / interval (40 frames per 1 s checkpoint capped it near 40
     * frames/s) and measure the bench, not the job.
     */
    public int framesInFlight() {
        if (backlog > 0) {
            return backlog;
        }
        long perInterval =
                (long)
                        Math.ceil(
                                FRAMES_IN_FLIGHT_PER_CHECKPOINT_SECOND
                                        * checkpointInterval.toMillis()
                                        / 1000.0);
        return (int) Math.max(40, perInterval);
    }
}
