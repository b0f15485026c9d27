package io.headcount.inference.settings;

import java.util.LinkedHashMap;
import java.util.Map;

/** Event time, checkpoints, restarts and parallelism of the job. */
public final class CheckpointOptions {

    /** How late a frame may arrive behind the newest one, in event time. Default 2000. */
    public static final String WATERMARK_OUT_OF_ORDERNESS_MS = "watermark.out-of-orderness.ms";

    /**
     * A Kafka partition without frames for this long stops holding back the watermark; 0 = never.
     * Default 30000.
     */
    public static final String WATERMARK_IDLENESS_MS = "watermark.idleness.ms";

    /**
     * Checkpoint interval; 0 disables checkpoints (then exactly-once output is committed only at
     * the end).
     */
    public static final String CHECKPOINT_INTERVAL_MS = "checkpoint.interval.ms";

    /** -1: Flink's default restart strategy; 0: never restart (tests); n: at most n restarts. */
    public static final String RESTART_ATTEMPTS = "restart.attempts";

    /** Delay between restarts when {@link #RESTART_ATTEMPTS} is positive. */
    public static final String RESTART_DELAY_MS = "restart.delay.ms";

    /** Job parallelism; 0 keeps the environment's. */
    public static final String PARALLELISM = "parallelism";

    private CheckpointOptions() {}

    static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(WATERMARK_OUT_OF_ORDERNESS_MS, "2000");
        defaults.put(WATERMARK_IDLENESS_MS, "30000");
        defaults.put(CHECKPOINT_INTERVAL_MS, "10000");
        defaults.put(RESTART_ATTEMPTS, "-1");
        defaults.put(RESTART_DELAY_MS, "10000");
        defaults.put(PARALLELISM, "0");
        return defaults;
    }
}
