package io.headcount.vision.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ByteTrackerTest {

    private static final long START = 1_780_000_000_000L;
    private static final long FRAME_MS = 100;

    private final TrackerSettings settings = TrackerSettings.defaults();

    @Test
    void aTrackIsTentativeUntilItsThirdHitAndKeepsItsIdWhenConfirmed() {
        Camera camera = new Camera(settings);

        FrameTracks first = camera.frame(face(100, 100, 0.9f));
        FrameTracks second = camera.frame(face(105, 100, 0.9f));
        FrameTracks third = camera.frame(face(110, 100, 0.9f));

        assertThat(first.trackIds()[0]).isNotNull().matches("[0-9a-f]{16}");
        assertThat(second.trackIds()[0]).isEqualTo(first.trackIds()[0]);
        assertThat(third.trackIds()[0]).isEqualTo(first.trackIds()[0]);
        assertThat(first.confirmed()[0]).isFalse();
        assertThat(second.confirmed()[0]).isFalse();
        assertThat(third.confirmed()[0]).isTrue();
        assertThat(camera.statuses()).containsExactly(TrackStatus.CONFIRMED);
    }

    @Test
    void hitsToConfirmIsASetting() {
        Camera camera = new Camera(settings.withHitsToConfirm(5));
        boolean[] confirmed = new boolean[6];
        for (int i = 0; i < 6; i++) {
            confirmed[i] = camera.frame(face(100 + 4 * i, 100, 0.9f)).confirmed()[0];
        }
        assertThat(confirmed).containsExactly(false, false, false, false, true, true);
    }

    @Test
    void aTentativeTrackMissedOnceIsDeleted() {
        Camera camera = new Camera(settings);
        String id = camera.frame(face(100, 100, 0.9f)).trackIds()[0];
        camera.frame();
        assertThat(camera.state.tracks).isEmpty();
        assertThat(camera.frame(face(100, 100, 0.9f)).trackIds()[0]).isNotEqualTo(id);
    }

    @Test
    void aFaceMissingForAFewFramesKeepsItsId() {
        Camera camera = new Camera(settings);
        String id = null;
        for (int i = 0; i < 10; i++) {
            id = camera.frame(face(100 + 10 * i, 200, 0.9f)).trackIds()[0];
        }
        for (int i = 10; i < 16; i++) {
            camera.frame();
            assertThat(camera.statuses()).containsExactly(TrackStatus.LOST);
        }
        FrameTracks back = camera.frame(face(100 + 10 * 16, 200, 0.9f));

        assertThat(back.trackIds()[0]).isEqualTo(id);
        assertThat(back.confirmed()[0]).isTrue();
        assertThat(camera.statuses()).containsExactly(TrackStatus.CONFIRMED);
    }

    @Test
    void aFaceThatStoppedWhileUndetectedIsRecoveredFromItsLastObservation() {
        Camera camera = new Camera(settings);
        String id = null;
        for (int i = 0; i < 10; i++) {
            id = camera.frame(face(100 + 15 * i, 200, 0.9f)).trackIds()[0];
        }
        // Undetected for 8 frames while standing still at the last place it was seen: the
        // prediction
        // has run 120 px past it, the last observation has not.
        for (int i = 0; i < 8; i++) {
            camera.frame();
        }
        assertThat(camera.frame(face(100 + 15 * 9, 200, 0.9f)).trackIds()[0]).isEqualTo(id);
    }

    @Test
    void aFaceThatChangedPaceWhileHiddenIsRecoveredWithAWidenedBox() {
        // 60 px face at 10 px per frame, hidden for 8 frames, back 45 px behind its prediction: too
        // far
        // from both the prediction and the last observation for a plain IoU of 0.2.
        String[] widened = paceChange(settings);
        String[] plain = paceChange(withLostBoxGrowth(settings.withLostReach(0), 0f));

        assertThat(widened[1]).isEqualTo(widened[0]);
        assertThat(plain[1]).isNotEqualTo(plain[0]);
    }

    private static String[] paceChange(TrackerSettings settings) {
        Camera camera = new Camera(settings);
        String before = null;
        for (int i = 0; i < 10; i++) {
            before = camera.frame(face(100 + 10 * i, 200, 0.9f)).trackIds()[0];
        }
        for (int i = 0; i < 8; i++) {
            camera.frame();
        }
        return new String[] {
            before, camera.frame(face(100 + 10 * 18 - 45, 200, 0.9f)).trackIds()[0]
        };
    }

    private static TrackerSettings withLostBoxGrowth(TrackerSettings s, float growth) {
        return new TrackerSettings(
                s.highScore(),
                s.lowScore(),
                s.newTrackScore(),
                s.firstPassIou(),
                s.secondPassIou(),
                s.tentativeIou(),
                s.recoveryIou(),
                growth,
                s.lostReach(),
                s.hitsToConfirm(),
                s.tentativeMaxMisses(),
                s.maxMisses(),
                s.maxLostMillis(),
                s.measurementNoise(),
                s.accelerationNoise(),
                s.initialVelocityNoise());
    }

    @Test
    void aFaceThatWalkedOffWhileUndetectedAfterAStopIsReFoundWithinReach() {
        // Walks at 20 px per frame, stands still (detected) for 10 frames, walks on undetected for
        // 2 frames: re-found 60 px (a face width) from where it stood, beyond every IoU pass.
        String[] withReach = walkOffAfterStop(settings, 60);
        String[] without = walkOffAfterStop(settings.withLostReach(0), 60);

        assertThat(withReach[1]).isEqualTo(withReach[0]);
        assertThat(without[1]).isNotEqualTo(without[0]);
    }

    @Test
    void aFaceBeyondReachOrOfAnotherSizeStartsATrackOfItsOwn() {
        // 4 box heights per second for 0.3 s is 72 px of a 60 px face: 100 px away is someone
        // else.
        String[] far = walkOffAfterStop(settings, 100);
        assertThat(far[1]).isNotEqualTo(far[0]);

        Camera camera = stoppedFace();
        String stood = camera.frame(face(280, 200, 0.9f)).trackIds()[0];
        camera.frame();
        camera.frame();
        String larger = camera.frame(new Detection(320, 190, 100, 100, 0.9f)).trackIds()[0];
        assertThat(larger).isNotEqualTo(stood);
    }

    @Test
    void someoneEnteringAtTheFrameEdgeIsNotTheLostFaceWithinReach() {
        // A face stood 40 px from the left edge and was lost for 1 s (reach 240 px): a face
        // stepping in at the left edge 85 px away is a newcomer; one found as far away inside the
        // view is the lost face walking on.
        assertThat(refoundAfterStanding(new Detection(0, 210, 30, 60, 0.9f)))
                .as("entering at the edge")
                .isFalse();
        assertThat(refoundAfterStanding(new Detection(155, 210, 60, 60, 0.9f)))
                .as("inside the view")
                .isTrue();
    }

    private boolean refoundAfterStanding(Detection next) {
        Camera camera = new Camera(settings);
        String stood = null;
        for (int i = 0; i < 10; i++) {
            stood = camera.sized(640, 480, new Detection(40, 200, 60, 60, 0.9f)).trackIds()[0];
        }
        for (int i = 0; i < 9; i++) {
            camera.sized(640, 480);
        }
        return stood.equals(camera.sized(640, 480, next).trackIds()[0]);
    }

    @Test
    void aTrackMissedInOneFrameOnlyDoesNotReachForSomeoneElse() {
        // Walking at 10 px per frame, missed once: a face 42 px below where it walks (someone
        // coming out from behind it) is within 4 box heights per second of the last box, but the
        // track is still where its motion says: the newcomer gets a track of its own.
        Camera camera = new Camera(settings);
        String walker = null;
        for (int i = 0; i < 10; i++) {
            walker = camera.frame(face(100 + 10 * i, 200, 0.9f)).trackIds()[0];
        }
        camera.frame();

        String next = camera.frame(face(100 + 10 * 11, 242, 0.9f)).trackIds()[0];

        assertThat(next).isNotNull().isNotEqualTo(walker);
    }

    private String[] walkOffAfterStop(TrackerSettings settings, int refoundAfter) {
        Camera camera = new Camera(settings);
        for (int i = 0; i < 10; i++) {
            camera.frame(face(100 + 20 * i, 200, 0.9f));
        }
        String stood = null;
        for (int i = 0; i < 10; i++) {
            stood = camera.frame(face(280, 200, 0.9f)).trackIds()[0];
        }
        camera.frame();
        camera.frame();
        return new String[] {
            stood, camera.frame(face(280 + refoundAfter, 200, 0.9f)).trackIds()[0]
        };
    }

    private Camera stoppedFace() {
        Camera camera = new Camera(settings);
        for (int i = 0; i < 10; i++) {
            camera.frame(face(100 + 20 * i, 200, 0.9f));
        }
        for (int i = 0; i < 9; i++) {
            camera.frame(face(280, 200, 0.9f));
        }
        return camera;
    }

    @Test
    void aFaceUnseenForTwoSecondsAtTenFramesPerSecondIsStillTheSameTrack() {
        // A person turned away (or too blurred) for 2 s, 20 missed frames, then seen again near
        // where it walked to: within the 3 s a lost track lives.
        Camera camera = new Camera(settings);
        String id = null;
        for (int i = 0; i < 10; i++) {
            id = camera.frame(face(100 + 10 * i, 200, 0.9f)).trackIds()[0];
        }
        for (int i = 10; i < 30; i++) {
            camera.frame();
        }
        assertThat(camera.frame(face(100 + 10 * 30, 200, 0.9f)).trackIds()[0]).isEqualTo(id);
    }

    @Test
    void aConfirmedTrackIsDeletedAfterMoreThanMaxMissedFrames() {
        Camera camera = new Camera(settings.withDeletion(15, 60_000));
        String id = null;
        for (int i = 0; i < 5; i++) {
            id = camera.frame(face(300, 300, 0.9f)).trackIds()[0];
        }
        for (int i = 0; i < 15; i++) {
            camera.frame();
        }
        assertThat(camera.state.tracks).hasSize(1);
        camera.frame();
        assertThat(camera.state.tracks).isEmpty();
        assertThat(camera.frame(face(300, 300, 0.9f)).trackIds()[0]).isNotEqualTo(id);
    }

    @Test
    void aConfirmedTrackIsDeletedWhenUnseenLongerThanTheTimeoutEvenWithFewMissedFrames() {
        Camera camera = new Camera(settings);
        String id = null;
        for (int i = 0; i < 5; i++) {
            id = camera.frame(face(300, 300, 0.9f)).trackIds()[0];
        }
        // The camera stalls: the next frame comes 2.9 s later, one miss only, still within 3 s.
        camera.skip(2_800);
        camera.frame();
        assertThat(camera.state.tracks).hasSize(1);
        camera.skip(100);
        camera.frame();
        assertThat(camera.state.tracks).isEmpty();
        assertThat(camera.frame(face(300, 300, 0.9f)).trackIds()[0]).isNotEqualTo(id);
    }

    @Test
    void theLowScorePassKeepsATrackThatHighScoreOnlyAssociationLoses() {
        // A face walks in clearly, then is half hidden for 20 frames (scores 0.4), then clear
        // again.
        String[] withSecondPass = run(settings);
        String[] highScoreOnly = run(settings.withScores(0.6f, 0.6f).withDeletion(15, 3000));

        assertThat(new HashSet<>(Arrays.asList(withSecondPass))).hasSize(1).doesNotContainNull();
        assertThat(withSecondPass[0]).isEqualTo(withSecondPass[withSecondPass.length - 1]);
        // Without the second pass the half-hidden frames get no track, and after 15 misses the
        // track
        // is gone: the face comes back as someone new.
        assertThat(Arrays.asList(highScoreOnly).subList(10, 30)).containsOnlyNulls();
        assertThat(highScoreOnly[0]).isNotNull();
        assertThat(highScoreOnly[highScoreOnly.length - 1])
                .isNotNull()
                .isNotEqualTo(highScoreOnly[0]);
    }

    private static String[] run(TrackerSettings settings) {
        Camera camera = new Camera(settings);
        String[] ids = new String[40];
        for (int i = 0; i < 40; i++) {
            float score = i >= 10 && i < 30 ? 0.4f : 0.9f;
            ids[i] = camera.frame(face(50 + 8 * i, 200, score)).trackIds()[0];
        }
        return ids;
    }

    @Test
    void idsSurviveTwoSmallFacesCrossingInOppositeDirections() {
        // 24 px faces 320 px apart closing at 2 x 8 px per frame, 4 px apart vertically: for
        // several
        // frames their boxes overlap heavily; only the motion tells them apart.
        Camera camera = new Camera(settings);
        List<String> left = new ArrayList<>();
        List<String> right = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Detection fromLeft = new Detection(40 + 8 * i, 200, 24, 24, 0.9f);
            Detection fromRight = new Detection(360 - 8 * i, 204, 24, 24, 0.85f);
            // The detector's order is by score, not by identity: swap it every other frame.
            FrameTracks tracks =
                    i % 2 == 0
                            ? camera.frame(fromLeft, fromRight)
                            : camera.frame(fromRight, fromLeft);
            left.add(tracks.trackIds()[i % 2 == 0 ? 0 : 1]);
            right.add(tracks.trackIds()[i % 2 == 0 ? 1 : 0]);
        }

        assertThat(new HashSet<>(left)).hasSize(1);
        assertThat(new HashSet<>(right)).hasSize(1);
        assertThat(left.get(0)).isNotEqualTo(right.get(0));
    }

    @Test
    void idsSurviveACrossingWhereOneFaceIsHiddenBehindTheOther() {
        Camera camera = new Camera(settings);
        List<String> left = new ArrayList<>();
        List<String> right = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Detection fromLeft = new Detection(40 + 8 * i, 200, 30, 30, 0.9f);
            Detection fromRight = new Detection(360 - 8 * i, 205, 30, 30, 0.9f);
            boolean hidden = i >= 17 && i <= 22; // the right-to-left face passes behind
            FrameTracks tracks =
                    hidden ? camera.frame(fromLeft) : camera.frame(fromLeft, fromRight);
            left.add(tracks.trackIds()[0]);
            if (!hidden) {
                right.add(tracks.trackIds()[1]);
            }
        }

        assertThat(new HashSet<>(left)).hasSize(1);
        assertThat(new HashSet<>(right)).hasSize(1);
        assertThat(left.get(0)).isNotEqualTo(right.get(0));
    }

    @Test
    void twoTrackersGivenIdenticalInputGiveDifferentIds() {
        Camera one = new Camera(settings);
        Camera two = new Camera(settings);
        Set<String> first = new HashSet<>();
        Set<String> second = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            Detection[] faces = {face(100 + 5 * i, 100, 0.9f), face(400 - 5 * i, 300, 0.8f)};
            first.addAll(List.of(one.frame(faces).trackIds()));
            second.addAll(List.of(two.frame(faces).trackIds()));
        }

        assertThat(first).hasSize(2);
        assertThat(second).hasSize(2).doesNotContainAnyElementsOf(first);
    }

    @Test
    void detectionsBelowTheLowScoreAreIgnoredAndLowScoresNeverStartATrack() {
        Camera camera = new Camera(settings);
        FrameTracks tracks = camera.frame(face(100, 100, 0.2f), face(300, 100, 0.45f));
        assertThat(tracks.trackIds()).containsOnlyNulls();
        assertThat(camera.state.tracks).isEmpty();
    }

    @Test
    void aLowerHighScoreLetsWeakerFacesStartTracks() {
        // tracker.high-score lowered to 0.4: a masked face the detector scores 0.45 starts a track.
        TrackerSettings lower = settings.withScores(0.4f, 0.3f);
        Camera camera = new Camera(lower);

        FrameTracks tracks = camera.frame(face(300, 100, 0.45f));

        assertThat(lower.newTrackScore()).isEqualTo(0.4f);
        assertThat(tracks.trackIds()[0]).isNotNull();
    }

    @Test
    void aFrameOutOfOrderDoesNotMoveTracksBackInTime() {
        Camera camera = new Camera(settings);
        String id = null;
        for (int i = 0; i < 5; i++) {
            id = camera.frame(face(100 + 10 * i, 100, 0.9f)).trackIds()[0];
        }
        long latest = camera.state.lastFrameTime;
        FrameTracks late =
                camera.tracker
                        .update(
                                camera.state,
                                new FrameDetections(
                                        "site",
                                        "cam",
                                        latest - 250,
                                        99,
                                        new Detection[] {face(140, 100, 0.9f)}))
                        .tracks();
        assertThat(late.trackIds()[0]).isEqualTo(id);
        assertThat(camera.state.lastFrameTime).isEqualTo(latest);
    }

    @Test
    void aFaceThatWalkedOutOfTheFrameDoesNotContinueAsTheNextOneEnteringThere() {
        // 640x480 frames. One face walks right at 30 px per frame and leaves at the right edge;
        // five frames later another one enters at that edge, at the same height, walking left.
        // Its box overlaps the leaver's last box, so without the edge the old track would take it.
        Camera camera = new Camera(settings);
        String leaver = null;
        for (int i = 0; i < 10; i++) {
            leaver = camera.sized(640, 480, face(300 + 30 * i, 200, 0.9f)).trackIds()[0];
        }
        for (int i = 0; i < 5; i++) {
            camera.sized(640, 480);
        }
        assertThat(camera.state.tracks).as("the leaver, predicted beyond the edge").isEmpty();

        String newcomer = camera.sized(640, 480, face(575, 200, 0.9f)).trackIds()[0];

        assertThat(newcomer).isNotNull().isNotEqualTo(leaver);
    }

    @Test
    void aLostFaceStillInsideTheFrameKeepsItsTrack() {
        // The same walk stopping short of the edge: the lost track stays inside the frame and the
        // face seen again near where it was predicted continues it.
        Camera camera = new Camera(settings);
        String id = null;
        for (int i = 0; i < 6; i++) {
            id = camera.sized(640, 480, face(100 + 30 * i, 200, 0.9f)).trackIds()[0];
        }
        for (int i = 0; i < 3; i++) {
            camera.sized(640, 480);
        }
        assertThat(camera.sized(640, 480, face(100 + 30 * 9, 200, 0.9f)).trackIds()[0])
                .isEqualTo(id);
    }

    static Detection face(float x, float y, float score) {
        return new Detection(x, y, 60, 60, score);
    }

    /** One camera's tracker fed a frame every 100 ms. */
    static final class Camera {
        final ByteTracker tracker;
        final TrackerState state = new TrackerState();
        long time = START;
        long sequence;

        Camera(TrackerSettings settings) {
            tracker = new ByteTracker(settings, new RandomTrackIds());
        }

        /** A frame of known size, {@code width} x {@code height}. */
        FrameTracks sized(int width, int height, Detection... detections) {
            FrameDetections frame =
                    new FrameDetections("site", "cam", time, sequence++, width, height, detections);
            FrameTracks tracks = tracker.update(state, frame).tracks();
            time += FRAME_MS;
            return tracks;
        }

        FrameTracks frame(Detection... detections) {
            FrameDetections frame =
                    new FrameDetections("site", "cam", time, sequence++, detections);
            FrameTracks tracks = tracker.update(state, frame).tracks();
            time += FRAME_MS;
            return tracks;
        }

        List<TrackStatus> statuses() {
            return Arrays.stream(state.tracks).map(track -> track.status).toList();
        }

        void skip(long millis) {
            time += millis;
        }
    }
}
