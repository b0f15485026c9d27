package io.headcount.vision.attributes;

import io.headcount.vision.attributes.DescribeBudgetState.TrackBudget;
import io.headcount.vision.quality.FaceQualityMeasure;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which faces of a frame get the attribute heads: a track's best impressions, not every one. An
 * expensive sex backbone costs about as much per face as the detector per frame, and a track's
 * impressions a fraction of a second apart mostly repeat each other, so fusion gains little from
 * all of them. Per track, in capture time:
 *
 * <ul>
 *   <li>the first face good enough for the heads (the quality thresholds) is always described;
 *   <li>after that, at most {@link DescribeBudgetSettings#perTrackPerSecond} descriptions per
 *       second, or {@link DescribeBudgetSettings#undeterminedPerTrackPerSecond} while the track's
 *       sex is undetermined (its described impressions, their weighted log-odds summed, are below
 *       {@link DescribeBudgetSettings#determinedConfidence}). The sum is the aggregation's without
 *       its cap on the evidence weight and its rule for children: the question here is whether more
 *       descriptions soon would add evidence, and past the cap they only refine the average, so a
 *       face the head stays unsure of is not described at the fast rate throughout;
 *   <li>once an interval has passed, a face is described if its quality {@linkplain #rank rank} is
 *       at least {@value #NEAR_BEST} of the best the track showed since its last description, so a
 *       turned or blurred face waits for a better one; after two intervals the next good face is
 *       described whatever its rank, so a track that only gets worse is still described.
 * </ul>
 *
 * <p>Faces without a track are never described: no fusion would use their attributes. Faces not
 * described still become observations (box, track, quality), without attribute evidence. The state
 * lives in {@link DescribeBudgetState}, one per camera; not thread-safe.
 */
public final class DescribeBudget implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A face this close to the best rank since the last description is worth describing. */
    static final float NEAR_BEST = 0.9f;

    /** Face size (shorter side, px) and sharpness from which the rank no longer rises. */
    static final double FULL_SIZE_PIXELS = 80;

    static final double FULL_SHARPNESS = 100;

    /** Probabilities are clamped as the aggregation's fusion clamps them. */
    static final double FLOOR = 1e-4;

    private final DescribeBudgetSettings settings;
    private final long forgetMillis;

    /**
     * @param settings the rates
     * @param forgetMillis a track unseen for longer is forgotten (the tracker has deleted it by
     *     then: its maximum lost time)
     */
    public DescribeBudget(DescribeBudgetSettings settings, long forgetMillis) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (forgetMillis <= 0) {
            throw new IllegalArgumentException("forget time must be positive: " + forgetMillis);
        }
        this.forgetMillis = forgetMillis;
    }

    public DescribeBudgetSettings settings() {
        return settings;
    }

    /**
     * A face's quality as one number in [0, 1], 1 for a good face: {@code min(1, size / 80 px) *
     * min(1, sharpness / 100) * max(0, cos(yaw))}, the weight the aggregation gives an impression
     * (its {@code ImpressionWeight}), so the faces described are those fusion trusts most.
     */
    public static float rank(FaceQualityMeasure quality) {
        double size = clamp(quality.faceSize() / FULL_SIZE_PIXELS);
        double sharpness = clamp(quality.sharpness() / FULL_SHARPNESS);
        double frontal = clamp(Math.cos(Math.toRadians(quality.yaw())));
        return (float) (size * sharpness * frontal);
    }

    /**
     * Picks the faces of one frame to describe and remembers the picks in {@code state}.
     *
     * @param state the camera's state, changed in place
     * @param frameTime the frame's capture time, epoch milliseconds
     * @param trackIds each face's track, null for a face without one
     * @param measures each face's quality
     * @param accepted whether each face passed the quality thresholds
     * @return per face, whether the heads should run on it: only accepted faces, all of them when
     *     the budget is off
     */
    public boolean[] pick(
            DescribeBudgetState state,
            long frameTime,
            String[] trackIds,
            FaceQualityMeasure[] measures,
            boolean[] accepted) {
        int faces = accepted.length;
        if (trackIds.length != faces || measures.length != faces) {
            throw new IllegalArgumentException(
                    trackIds.length
                            + " track ids and "
                            + measures.length
                            + " measures for "
                            + faces
                            + " faces");
        }
        boolean[] picked = new boolean[faces];
        if (!settings.enabled()) {
            System.arraycopy(accepted, 0, picked, 0, faces);
            return picked;
        }
        forget(state, frameTime);
        for (int i = 0; i < faces; i++) {
            if (trackIds[i] == null) {
                continue;
            }
            TrackBudget track = track(state, trackIds[i]);
            track.lastSeen = Math.max(track.lastSeen, frameTime);
            if (!accepted[i]) {
                continue;
            }
            float rank = rank(measures[i]);
            picked[i] = due(track, frameTime, rank);
            if (picked[i]) {
                track.described++;
                track.lastDescribed = frameTime;
                track.bestSinceDescribed = 0;
            } else {
                track.bestSinceDescribed = Math.max(track.bestSinceDescribed, rank);
            }
        }
        return picked;
    }

    /**
     * Folds a described face's p(female) into its track's evidence (null: no sex head, nothing
     * learnt), weighted by its {@link #rank} as the aggregation weights it.
     */
    public void described(
            DescribeBudgetState state, String trackId, FaceQualityMeasure measure, Float female) {
        if (!settings.enabled() || trackId == null || female == null || female.isNaN()) {
            return;
        }
        TrackBudget track = find(state, trackId);
        if (track == null) {
            return;
        }
        double p = Math.max(FLOOR, Math.min(1 - FLOOR, female));
        track.femaleLogOdds += rank(measure) * Math.log(p / (1 - p));
    }

    /**
     * Whether the track's sex, summed over its descriptions (uncapped), reaches the determined
     * confidence.
     */
    public boolean determined(TrackBudget track) {
        double p = 1 / (1 + Math.exp(-Math.abs(track.femaleLogOdds)));
        return track.described > 0 && p >= settings.determinedConfidence();
    }

    private boolean due(TrackBudget track, long frameTime, float rank) {
        if (track.described == 0) {
            return true;
        }
        double perSecond =
                determined(track)
                        ? settings.perTrackPerSecond()
                        : settings.undeterminedPerTrackPerSecond();
        double interval = 1000 / perSecond;
        long since = frameTime - track.lastDescribed;
        if (since < interval) {
            return false;
        }
        return since >= 2 * interval || rank >= NEAR_BEST * track.bestSinceDescribed;
    }

    /** Drops the tracks unseen for longer than the forget time; {@code state} may end empty. */
    public void forget(DescribeBudgetState state, long frameTime) {
        List<TrackBudget> kept = new ArrayList<>(state.tracks.length);
        for (TrackBudget track : state.tracks) {
            if (frameTime - track.lastSeen <= forgetMillis) {
                kept.add(track);
            }
        }
        if (kept.size() != state.tracks.length) {
            state.tracks = kept.toArray(TrackBudget[]::new);
        }
    }

    private static TrackBudget track(DescribeBudgetState state, String trackId) {
        TrackBudget track = find(state, trackId);
        if (track == null) {
            track = new TrackBudget();
            track.trackId = trackId;
            TrackBudget[] tracks = Arrays.copyOf(state.tracks, state.tracks.length + 1);
            tracks[tracks.length - 1] = track;
            state.tracks = tracks;
        }
        return track;
    }

    private static TrackBudget find(DescribeBudgetState state, String trackId) {
        for (TrackBudget track : state.tracks) {
            if (track.trackId.equals(trackId)) {
                return track;
            }
        }
        return null;
    }

    private static double clamp(double value) {
        return Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
    }
}
