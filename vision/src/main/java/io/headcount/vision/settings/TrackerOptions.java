package io.headcount.vision.settings;

import io.headcount.core.options.OptionValues;
import io.headcount.vision.track.TrackerSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/** The motion tracker: {@code tracker.*}. */
public final class TrackerOptions {

    /** Matched frames that confirm a tentative track. Default 3. */
    public static final String TRACKER_HITS_TO_CONFIRM = "tracker.hits-to-confirm";

    /** A confirmed track is deleted after more consecutive missed frames than this. Default 15. */
    public static final String TRACKER_MAX_MISSES = "tracker.max-misses";

    /**
     * A confirmed track is deleted when unseen for longer than this (event time); also how long a
     * camera's tracker state outlives its last frame. Default 3000.
     */
    public static final String TRACKER_MAX_LOST_MS = "tracker.max-lost.ms";

    /** Detections at or above this score are matched first and can start a track. Default 0.6. */
    public static final String TRACKER_HIGH_SCORE = "tracker.high-score";

    /**
     * Detections from this score up to the high score can only continue a track (ByteTrack's second
     * pass): the job keeps faces from here up to below both {@link
     * DetectorOptions#DETECTOR_SCORE_THRESHOLD} and the high score, for that pass alone, and drops
     * those that continued no track. Default 0.3; at either of them, only faces at the threshold
     * reach the tracker.
     */
    public static final String TRACKER_LOW_SCORE = "tracker.low-score";

    private TrackerOptions() {}

    static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(
                TRACKER_HITS_TO_CONFIRM, Integer.toString(TrackerSettings.DEFAULT_HITS_TO_CONFIRM));
        defaults.put(TRACKER_MAX_MISSES, Integer.toString(TrackerSettings.DEFAULT_MAX_MISSES));
        defaults.put(TRACKER_MAX_LOST_MS, Long.toString(TrackerSettings.DEFAULT_MAX_LOST_MILLIS));
        defaults.put(TRACKER_HIGH_SCORE, Float.toString(TrackerSettings.DEFAULT_HIGH_SCORE));
        defaults.put(TRACKER_LOW_SCORE, Float.toString(TrackerSettings.DEFAULT_LOW_SCORE));
        return defaults;
    }

    /** ByteTrack's defaults with the {@code tracker.*} options applied. */
    static TrackerSettings tracker(OptionValues values) {
        return TrackerSettings.defaults()
                .withHitsToConfirm(values.intValue(TRACKER_HITS_TO_CONFIRM))
                .withDeletion(
                        values.intValue(TRACKER_MAX_MISSES), values.longValue(TRACKER_MAX_LOST_MS))
                .withScores(
                        values.floatValue(TRACKER_HIGH_SCORE),
                        values.floatValue(TRACKER_LOW_SCORE));
    }
}
