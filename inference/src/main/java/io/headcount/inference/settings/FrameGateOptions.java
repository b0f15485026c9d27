package io.headcount.inference.settings;

import io.headcount.inference.functions.CameraRateLimit;
import io.headcount.inference.functions.CaptureTimeRule;
import io.headcount.vision.frame.FrameDecoder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Which frames the job refuses before decoding them: {@code frame.*}. */
public final class FrameGateOptions {

    /** Frames with more pixels are dead-lettered (FRAME_TOO_LARGE) before decoding. */
    public static final String FRAME_MAX_PIXELS = "frame.max-pixels";

    /**
     * Frames captured more than this ahead of the processing clock are dead-lettered
     * (CAPTURE_TIME_IN_FUTURE). Default 300000 (5 minutes, as the aggregation app's skew).
     */
    public static final String FRAME_MAX_FUTURE_SKEW_MS = "frame.max-future-skew.ms";

    /**
     * Frames captured before this instant (ISO-8601) are dead-lettered
     * (CAPTURE_TIME_BEFORE_HORIZON). Default 2000-01-01T00:00:00Z.
     */
    public static final String FRAME_HORIZON = "frame.horizon";

    /**
     * Frames of one camera beyond this many per second of capture time are dead-lettered
     * (CAMERA_FLOODING) before decoding. Default 60.
     */
    public static final String FRAME_MAX_PER_SECOND = "frame.max-per-second";

    private FrameGateOptions() {}

    static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(FRAME_MAX_PIXELS, Long.toString(FrameDecoder.DEFAULT_MAX_PIXELS));
        defaults.put(
                FRAME_MAX_FUTURE_SKEW_MS,
                Long.toString(CaptureTimeRule.DEFAULT_MAX_FUTURE_SKEW.toMillis()));
        defaults.put(FRAME_HORIZON, CaptureTimeRule.DEFAULT_HORIZON.toString());
        defaults.put(
                FRAME_MAX_PER_SECOND,
                Integer.toString(CameraRateLimit.DEFAULT_MAX_FRAMES_PER_SECOND));
        return defaults;
    }
}
