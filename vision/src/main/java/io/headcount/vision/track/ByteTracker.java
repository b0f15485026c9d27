package io.headcount.vision.track;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Motion-only multi-object tracking of one camera's faces, in the manner of ByteTrack, with
 * refinements from OC-SORT, StrongSORT and C-BIoU. It keeps no state of its own: every call reads
 * and changes a {@link TrackerState}, so one instance serves all cameras of a Flink task. See the
 * package documentation for the algorithm.
 */
public final class ByteTracker {

    static final float MAX_LOST_BUFFER = 0.5f;

    /**
     * A face re-found within reach differs from its last observed height by at most this factor.
     */
    static final double REACH_SIZE_RATIO = 1.5;

    /**
     * The reach is for faces lost for a while: a track missed in one frame only is still where its
     * motion says, and a detection near it that no track took is more likely someone coming out
     * from behind it.
     */
    static final int REACH_MIN_MISSES = 2;

    private final TrackerSettings settings;
    private final KalmanBoxFilter filter;
    private final TrackIds ids;

    /** What one frame did, for the answer and for metrics. */
    public record Result(FrameTracks tracks, int started, int confirmed, int deleted) {}

    public ByteTracker(TrackerSettings settings, TrackIds ids) {
        this.settings = settings;
        this.filter = new KalmanBoxFilter(settings);
        this.ids = ids;
    }

    public TrackerSettings settings() {
        return settings;
    }

    /**
     * Tracks {@code frame}'s detections, changing {@code state}; returns one track per detection.
     */
    public Result update(TrackerState state, FrameDetections frame) {
        long now = frame.frameTime();
        boolean fresh = state.isEmpty();
        // A frame older than the latest one (reordered in transit) is matched where the tracks are
        // now.
        double dtSeconds = fresh ? 0 : Math.max(0, now - state.lastFrameTime) / 1000.0;
        List<Track> tracks = new ArrayList<>(List.of(state.tracks));
        for (Track track : tracks) {
            if (track.status == TrackStatus.LOST) {
                // As ByteTrack: an unseen face keeps its size, or the prediction shrinks or
                // balloons.
                track.mean[6] = 0;
                track.mean[7] = 0;
            }
            filter.predict(track, dtSeconds);
        }
        // A lost track predicted beyond the frame's edge has walked out of view: it is ended
        // here, before association, so that the next person entering at that edge starts a track
        // of their own instead of continuing it (people leave and enter cameras at the edges).
        int exited = 0;
        if (frame.frameWidth() > 0 && frame.frameHeight() > 0) {
            int before = tracks.size();
            tracks.removeIf(track -> hasLeftTheView(track, frame));
            exited = before - tracks.size();
        }

        Detection[] detections = frame.detections();
        Match match = new Match(tracks.size(), detections.length);
        List<Integer> high = new ArrayList<>();
        List<Integer> low = new ArrayList<>();
        for (int d = 0; d < detections.length; d++) {
            float score = detections[d].score();
            if (score >= settings.highScore()) {
                high.add(d);
            } else if (score >= settings.lowScore()) {
                low.add(d);
            }
        }
        List<Integer> confirmedTracks = new ArrayList<>();
        List<Integer> tentativeTracks = new ArrayList<>();
        for (int t = 0; t < tracks.size(); t++) {
            (tracks.get(t).isConfirmed() ? confirmedTracks : tentativeTracks).add(t);
        }

        // 1. High-score detections against confirmed and lost tracks.
        associate(
                tracks,
                confirmedTracks,
                detections,
                high,
                settings.firstPassIou(),
                match,
                Boxes.PREDICTED);
        // 2. Low-score detections against tracks that were still tracked in the previous frame: a
        // blurred or half-hidden face scores low but stays where its track predicts it.
        List<Integer> stillTracked = new ArrayList<>();
        for (int t : confirmedTracks) {
            if (!match.trackMatched(t) && tracks.get(t).status == TrackStatus.CONFIRMED) {
                stillTracked.add(t);
            }
        }
        associate(
                tracks,
                stillTracked,
                detections,
                low,
                settings.secondPassIou(),
                match,
                Boxes.PREDICTED);
        // 3. Remaining high-score detections against tentative tracks.
        associate(
                tracks,
                tentativeTracks,
                detections,
                high,
                settings.tentativeIou(),
                match,
                Boxes.PREDICTED);
        // 4. Recovery of the still unmatched confirmed tracks by the remaining high-score
        // detections:
        // (a) against the last observed box (OC-SORT's observation-centric recovery: a face that
        // stopped
        // while it was not detected), (b) against the predicted box, both boxes of a pair widened
        // by
        // how long the track was lost (C-BIoU: a face coming out from behind another is first seen
        // in
        // part, and where it is predicted is less exact the longer it was unseen). Only here, after
        // every tracked face took its detection, so the wider boxes cannot take one from them.
        List<Integer> unmatchedConfirmed = new ArrayList<>();
        for (int t : confirmedTracks) {
            if (!match.trackMatched(t)) {
                unmatchedConfirmed.add(t);
            }
        }
        associate(
                tracks,
                unmatchedConfirmed,
                detections,
                high,
                settings.recoveryIou(),
                match,
                Boxes.LAST_OBSERVED);
        associate(
                tracks,
                unmatchedConfirmed,
                detections,
                high,
                settings.recoveryIou(),
                match,
                Boxes.WIDENED);
        // (c) Last resort for tracks lost before this frame: the nearest remaining detection
        // within a walker's reach of the last observed box. A face that stopped, was tracked
        // standing (velocity near zero) and walked off while undetected is re-found a face width
        // or more away, beyond every box compared above.
        associateWithinReach(tracks, unmatchedConfirmed, frame, high, match);

        String[] trackIds = new String[detections.length];
        boolean[] confirmed = new boolean[detections.length];
        int newlyConfirmed = 0;
        int deleted = exited;
        List<Track> survivors = new ArrayList<>();
        for (int t = 0; t < tracks.size(); t++) {
            Track track = tracks.get(t);
            int d = match.detectionOf(t);
            if (d >= 0) {
                boolean wasConfirmed = track.isConfirmed();
                correct(track, detections[d], frame, now);
                newlyConfirmed += !wasConfirmed && track.isConfirmed() ? 1 : 0;
                trackIds[d] = track.id;
                confirmed[d] = track.isConfirmed();
                survivors.add(track);
            } else if (miss(track, now)) {
                survivors.add(track);
            } else {
                deleted++;
            }
        }
        int started = 0;
        for (int d : high) {
            if (!match.detectionMatched(d) && detections[d].score() >= settings.newTrackScore()) {
                Track track = start(detections[d], cut(frame, detections[d]), now);
                newlyConfirmed += track.isConfirmed() ? 1 : 0;
                trackIds[d] = track.id;
                confirmed[d] = track.isConfirmed();
                survivors.add(track);
                started++;
            }
        }
        state.tracks = survivors.toArray(Track[]::new);
        state.lastFrameTime = fresh ? now : Math.max(state.lastFrameTime, now);
        FrameTracks answer =
                new FrameTracks(
                        frame.site(),
                        frame.camera(),
                        now,
                        frame.frameSequence(),
                        trackIds,
                        confirmed);
        return new Result(answer, started, newlyConfirmed, deleted);
    }

    private void associate(
            List<Track> tracks,
            List<Integer> trackIndexes,
            Detection[] detections,
            List<Integer> detectionIndexes,
            float minIou,
            Match match,
            int boxes) {
        List<Integer> freeTracks = new ArrayList<>();
        List<float[]> trackBoxes = new ArrayList<>();
        for (int t : trackIndexes) {
            if (!match.trackMatched(t)) {
                freeTracks.add(t);
                Track track = tracks.get(t);
                trackBoxes.add(
                        boxes == Boxes.LAST_OBSERVED ? track.lastBox : KalmanBoxFilter.box(track));
            }
        }
        List<Integer> freeDetections = new ArrayList<>();
        List<float[]> detectionBoxes = new ArrayList<>();
        for (int d : detectionIndexes) {
            if (!match.detectionMatched(d)) {
                freeDetections.add(d);
                detectionBoxes.add(Boxes.of(detections[d]));
            }
        }
        float[] buffers = new float[freeTracks.size()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = boxes == Boxes.WIDENED ? lostBuffer(tracks.get(freeTracks.get(i))) : 0f;
        }
        for (IouMatcher.Pair pair : IouMatcher.match(trackBoxes, buffers, detectionBoxes, minIou)) {
            match.set(freeTracks.get(pair.track()), freeDetections.get(pair.detection()));
        }
    }

    /**
     * Matches the unmatched tracks among {@code trackIndexes} that were already lost before this
     * frame to the unmatched detections among {@code detectionIndexes} whose centre lies within
     * {@link TrackerSettings#lostReach()} of the track's box heights per second unseen from the
     * centre of its last observed box and whose height is within {@value #REACH_SIZE_RATIO} times
     * its height either way; nearest (relative to the reach) first, globally optimal.
     */
    private void associateWithinReach(
            List<Track> tracks,
            List<Integer> trackIndexes,
            FrameDetections frame,
            List<Integer> detectionIndexes,
            Match match) {
        if (settings.lostReach() <= 0) {
            return;
        }
        Detection[] detections = frame.detections();
        long now = frame.frameTime();
        List<Integer> freeTracks = new ArrayList<>();
        for (int t : trackIndexes) {
            Track track = tracks.get(t);
            if (!match.trackMatched(t)
                    && track.misses >= REACH_MIN_MISSES
                    && now > track.lastSeen) {
                freeTracks.add(t);
            }
        }
        List<Integer> freeDetections = new ArrayList<>();
        for (int d : detectionIndexes) {
            if (!match.detectionMatched(d)) {
                freeDetections.add(d);
            }
        }
        if (freeTracks.isEmpty() || freeDetections.isEmpty()) {
            return;
        }
        double[][] cost = new double[freeTracks.size()][freeDetections.size()];
        for (int i = 0; i < cost.length; i++) {
            Track track = tracks.get(freeTracks.get(i));
            float[] last = track.lastBox;
            double reach = settings.lostReach() * last[3] * (now - track.lastSeen) / 1000.0;
            Edges lastCut = cut(frame, new Detection(last[0], last[1], last[2], last[3], 1f));
            for (int j = 0; j < cost[i].length; j++) {
                Detection detection = detections[freeDetections.get(j)];
                if (entersAtAnotherEdge(cut(frame, detection), lastCut)) {
                    // Someone stepping into view, not the lost face (people enter at the edges).
                    cost[i][j] = 1.0;
                    continue;
                }
                double sizeRatio = detection.height() / Math.max(1f, last[3]);
                double distance =
                        Math.hypot(
                                detection.centerX() - (last[0] + last[2] / 2),
                                detection.centerY() - (last[1] + last[3] / 2));
                boolean similarSize =
                        sizeRatio <= REACH_SIZE_RATIO && sizeRatio >= 1 / REACH_SIZE_RATIO;
                cost[i][j] = similarSize && distance <= reach ? distance / reach : 1.0;
            }
        }
        int[] assignment = HungarianAssignment.solve(cost);
        for (int i = 0; i < assignment.length; i++) {
            int j = assignment[i];
            if (j >= 0 && cost[i][j] < 1.0) {
                match.set(freeTracks.get(i), freeDetections.get(j));
            }
        }
    }

    /**
     * Whether a box cut by the frame's edge is cut on a side where the track's last box was not.
     */
    private static boolean entersAtAnotherEdge(Edges detection, Edges last) {
        return (detection.left() && !last.left())
                || (detection.top() && !last.top())
                || (detection.right() && !last.right())
                || (detection.bottom() && !last.bottom());
    }

    /**
     * How much to widen a lost track's box and the detections it is compared with: {@code
     * lostBoxGrowth} of their size per missed frame, at most {@value #MAX_LOST_BUFFER}.
     */
    private float lostBuffer(Track track) {
        return Math.min(MAX_LOST_BUFFER, settings.lostBoxGrowth() * track.misses);
    }

    private static Edges cut(FrameDetections frame, Detection detection) {
        return Edges.of(detection, frame.frameWidth(), frame.frameHeight());
    }

    private void correct(Track track, Detection detection, FrameDetections frame, long now) {
        double elapsedSeconds = (now - track.lastSeen) / 1000.0;
        boolean refound = track.misses > 0 && elapsedSeconds > 0;
        Edges cut = cut(frame, detection);
        filter.update(track, detection, cut);
        if (refound) {
            // OC-SORT's observation-centric re-update, reduced to its effect: after a gap the
            // filter's
            // velocity has drifted on predictions alone, so take it from the two real observations
            // (on each axis where neither box is cut by the frame edge).
            float[] last = track.lastBox;
            Edges lastCut =
                    cut(
                            frame,
                            new Detection(last[0], last[1], last[2], last[3], detection.score()));
            if (!cut.horizontal() && !lastCut.horizontal()) {
                track.mean[4] = (detection.centerX() - (last[0] + last[2] / 2)) / elapsedSeconds;
            }
            if (!cut.vertical() && !lastCut.vertical()) {
                track.mean[5] = (detection.centerY() - (last[1] + last[3] / 2)) / elapsedSeconds;
            }
            track.mean[6] = 0;
            track.mean[7] = 0;
        }
        track.hits++;
        track.misses = 0;
        track.lastSeen = Math.max(track.lastSeen, now);
        track.lastBox = Boxes.of(detection);
        if (track.status == TrackStatus.LOST
                || (track.status == TrackStatus.TENTATIVE
                        && track.hits >= settings.hitsToConfirm())) {
            track.status = TrackStatus.CONFIRMED;
        }
    }

    /** Whether a lost track's predicted centre lies outside the frame. */
    private static boolean hasLeftTheView(Track track, FrameDetections frame) {
        if (track.status != TrackStatus.LOST) {
            return false;
        }
        double centerX = track.mean[0];
        double centerY = track.mean[1];
        return centerX < 0
                || centerY < 0
                || centerX > frame.frameWidth()
                || centerY > frame.frameHeight();
    }

    /** Records a missed frame; false when the track is to be deleted. */
    private boolean miss(Track track, long now) {
        track.misses++;
        if (track.status == TrackStatus.TENTATIVE) {
            return track.misses <= settings.tentativeMaxMisses();
        }
        track.status = TrackStatus.LOST;
        return track.misses <= settings.maxMisses()
                && now - track.lastSeen <= settings.maxLostMillis();
    }

    private Track start(Detection detection, Edges cut, long now) {
        Track track = new Track();
        track.id = ids.next();
        filter.initiate(track, detection, cut);
        track.hits = 1;
        track.misses = 0;
        track.firstSeen = now;
        track.lastSeen = now;
        track.lastBox = Boxes.of(detection);
        track.status =
                settings.hitsToConfirm() <= 1 ? TrackStatus.CONFIRMED : TrackStatus.TENTATIVE;
        return track;
    }

    /** Which track got which detection in this frame. */
    private static final class Match {
        private final int[] detectionOfTrack;
        private final boolean[] detectionTaken;

        Match(int tracks, int detections) {
            detectionOfTrack = new int[tracks];
            Arrays.fill(detectionOfTrack, -1);
            detectionTaken = new boolean[detections];
        }

        void set(int track, int detection) {
            detectionOfTrack[track] = detection;
            detectionTaken[detection] = true;
        }

        boolean trackMatched(int track) {
            return detectionOfTrack[track] >= 0;
        }

        boolean detectionMatched(int detection) {
            return detectionTaken[detection];
        }

        int detectionOf(int track) {
            return detectionOfTrack[track];
        }
    }
}
