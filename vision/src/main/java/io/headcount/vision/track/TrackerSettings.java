package io.headcount.vision.track;

import java.io.Serializable;

/**
 * Tuning of {@link ByteTracker}. Scores are detection scores in 0..1, IoU thresholds are minimum
 * overlaps for a match, times are event time (capture time) in milliseconds.
 *
 * @param highScore detections at or above it take part in the first association pass
 * @param lowScore detections from here up to {@code highScore} only take part in the second pass
 *     (they can continue a track, never start one); lower ones are ignored
 * @param newTrackScore an unmatched detection at or above it starts a tentative track
 * @param firstPassIou high-score detections against confirmed and lost tracks (predicted boxes)
 * @param secondPassIou low-score detections against tracks still tracked in the previous frame
 * @param tentativeIou remaining high-score detections against tentative tracks
 * @param recoveryIou remaining high-score detections against the last observed box of tracks that
 *     are still unmatched (OC-SORT's observation-centric recovery, for faces that stopped while
 *     undetected)
 * @param lostBoxGrowth a lost track's box is widened on each side by this fraction of its size per
 *     missed frame (at most by half its size) before it is matched, as in C-BIoU
 * @param lostReach the last resort for a lost track: the nearest remaining high-score detection of
 *     a similar size whose centre lies within this many of the track's box heights per second
 *     unseen from the centre of its last observed box (a face that started walking again while
 *     undetected, after a stop, is beyond every box the IoU passes compare); 0 turns it off
 * @param hitsToConfirm a tentative track becomes confirmed after this many matched frames
 * @param tentativeMaxMisses a tentative track is deleted after more misses than this
 * @param maxMisses a confirmed track is deleted after more consecutive missed frames than this
 * @param maxLostMillis a confirmed track is deleted when it has not been seen for longer than this;
 *     also the idle time after which a camera's whole tracker state is cleared
 * @param measurementNoise standard deviation of a detected box's centre and size, as a fraction of
 *     the box height
 * @param accelerationNoise standard deviation of the unmodelled acceleration, in box heights per
 *     second squared
 * @param initialVelocityNoise standard deviation of a new track's unknown velocity, in box heights
 *     per second
 */
public record TrackerSettings(
        float highScore,
        float lowScore,
        float newTrackScore,
        float firstPassIou,
        float secondPassIou,
        float tentativeIou,
        float recoveryIou,
        float lostBoxGrowth,
        float lostReach,
        int hitsToConfirm,
        int tentativeMaxMisses,
        int maxMisses,
        long maxLostMillis,
        double measurementNoise,
        double accelerationNoise,
        double initialVelocityNoise)
        implements Serializable {

    public static final float DEFAULT_HIGH_SCORE = 0.6f;
    public static final float DEFAULT_LOW_SCORE = 0.3f;
    public static final int DEFAULT_HITS_TO_CONFIRM = 3;
    public static final int DEFAULT_MAX_MISSES = 30;
    public static final long DEFAULT_MAX_LOST_MILLIS = 3000;
    public static final float DEFAULT_LOST_REACH = 4f;

    public TrackerSettings {
        if (!(0f <= lowScore && lowScore <= highScore && highScore <= 1f)) {
            throw new IllegalArgumentException(
                    "need 0 <= lowScore <= highScore <= 1: " + lowScore + ", " + highScore);
        }
        if (newTrackScore < highScore) {
            throw new IllegalArgumentException(
                    "newTrackScore must be at least highScore: " + newTrackScore);
        }
        requireFraction("firstPassIou", firstPassIou);
        requireFraction("secondPassIou", secondPassIou);
        requireFraction("tentativeIou", tentativeIou);
        requireFraction("recoveryIou", recoveryIou);
        if (lostBoxGrowth < 0 || lostReach < 0) {
            throw new IllegalArgumentException(
                    "lostBoxGrowth and lostReach must not be negative: "
                            + lostBoxGrowth
                            + ", "
                            + lostReach);
        }
        if (hitsToConfirm < 1 || tentativeMaxMisses < 0 || maxMisses < 0 || maxLostMillis <= 0) {
            throw new IllegalArgumentException(
                    "need hitsToConfirm >= 1, misses >= 0, maxLostMillis > 0: "
                            + hitsToConfirm
                            + ", "
                            + tentativeMaxMisses
                            + ", "
                            + maxMisses
                            + ", "
                            + maxLostMillis);
        }
        if (measurementNoise <= 0 || accelerationNoise <= 0 || initialVelocityNoise <= 0) {
            throw new IllegalArgumentException("noise levels must be positive");
        }
    }

    /**
     * ByteTrack's thresholds (first pass IoU 0.2, second 0.5, tentative 0.3), confirmation after 3
     * hits, deletion after 30 missed frames or 3 s unseen (at 10 frames per second both 3 s: a face
     * unseen for 1.5 to 3 s, a person who stopped or turned away, is still the same visitor), a
     * lost track's reach {@value #DEFAULT_LOST_REACH} box heights per second (a brisk walk: a face
     * is about a fifth of a person's height, and people walk about their height per second or a bit
     * less). The job gives the tracker faces from {@link #DEFAULT_LOW_SCORE} up, so that the second
     * pass keeps faces through blur and partial occlusion.
     */
    public static TrackerSettings defaults() {
        return new TrackerSettings(
                DEFAULT_HIGH_SCORE,
                DEFAULT_LOW_SCORE,
                DEFAULT_HIGH_SCORE,
                0.2f,
                0.5f,
                0.3f,
                0.3f,
                0.1f,
                DEFAULT_LOST_REACH,
                DEFAULT_HITS_TO_CONFIRM,
                0,
                DEFAULT_MAX_MISSES,
                DEFAULT_MAX_LOST_MILLIS,
                0.05,
                2.0,
                2.0);
    }

    public TrackerSettings withHitsToConfirm(int hits) {
        return new TrackerSettings(
                highScore,
                lowScore,
                newTrackScore,
                firstPassIou,
                secondPassIou,
                tentativeIou,
                recoveryIou,
                lostBoxGrowth,
                lostReach,
                hits,
                tentativeMaxMisses,
                maxMisses,
                maxLostMillis,
                measurementNoise,
                accelerationNoise,
                initialVelocityNoise);
    }

    public TrackerSettings withDeletion(int misses, long lostMillis) {
        return new TrackerSettings(
                highScore,
                lowScore,
                newTrackScore,
                firstPassIou,
                secondPassIou,
                tentativeIou,
                recoveryIou,
                lostBoxGrowth,
                lostReach,
                hitsToConfirm,
                tentativeMaxMisses,
                misses,
                lostMillis,
                measurementNoise,
                accelerationNoise,
                initialVelocityNoise);
    }

    /**
     * New high and low scores; the score that starts a track keeps its margin above the high score
     * (none by default), so a lower {@code high} lets weaker faces start tracks too, as {@code
     * tracker.high-score} says.
     */
    public TrackerSettings withScores(float high, float low) {
        return new TrackerSettings(
                high,
                low,
                Math.min(1f, high + (newTrackScore - highScore)),
                firstPassIou,
                secondPassIou,
                tentativeIou,
                recoveryIou,
                lostBoxGrowth,
                lostReach,
                hitsToConfirm,
                tentativeMaxMisses,
                maxMisses,
                maxLostMillis,
                measurementNoise,
                accelerationNoise,
                initialVelocityNoise);
    }

    public TrackerSettings withLostReach(float heightsPerSecond) {
        return new TrackerSettings(
                highScore,
                lowScore,
                newTrackScore,
                firstPassIou,
                secondPassIou,
                tentativeIou,
                recoveryIou,
                lostBoxGrowth,
                heightsPerSecond,
                hitsToConfirm,
                tentativeMaxMisses,
                maxMisses,
                maxLostMillis,
                measurementNoise,
                accelerationNoise,
                initialVelocityNoise);
    }

    private static void requireFraction(String name, float value) {
        if (!(value > 0f && value <= 1f)) {
            throw new IllegalArgumentException(name + " must be in (0, 1]: " + value);
        }
    }
}
