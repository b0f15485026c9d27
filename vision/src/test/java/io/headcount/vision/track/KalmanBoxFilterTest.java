package io.headcount.vision.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KalmanBoxFilterTest {

    private final KalmanBoxFilter filter = new KalmanBoxFilter(TrackerSettings.defaults());

    @Test
    void learnsTheVelocityOfAStraightLineMotionAndPredictsAhead() {
        // 60 x 80 box moving +200 px/s in x and -50 px/s in y, seen every 100 ms.
        Track track = new Track();
        filter.initiate(track, box(100, 300, 60, 80));
        assertThat(track.mean[4]).isZero();
        for (int frame = 1; frame <= 20; frame++) {
            filter.predict(track, 0.1);
            filter.update(track, box(100 + 20 * frame, 300 - 5 * frame, 60, 80));
        }

        assertThat(track.mean[4]).isCloseTo(200, within(5.0));
        assertThat(track.mean[5]).isCloseTo(-50, within(5.0));
        assertThat(track.mean[2]).isCloseTo(60, within(0.5));
        assertThat(track.mean[3]).isCloseTo(80, within(0.5));

        // Half a second later with no detection: the centre is where the motion puts it.
        filter.predict(track, 0.5);
        float[] predicted = KalmanBoxFilter.box(track);
        assertThat(predicted[0] + predicted[2] / 2).isCloseTo(100 + 20 * 25 + 30, within(3f));
        assertThat(predicted[1] + predicted[3] / 2).isCloseTo(300 - 5 * 25 + 40, within(3f));
    }

    @Test
    void handlesIrregularFrameIntervalsByElapsedTime() {
        // Same motion (100 px/s in x), frames 40 to 250 ms apart.
        double[] gaps = {0.04, 0.25, 0.1, 0.07, 0.2, 0.04, 0.13, 0.25, 0.05, 0.1, 0.18, 0.06};
        Track track = new Track();
        filter.initiate(track, box(0, 0, 50, 50));
        double t = 0;
        for (double gap : gaps) {
            t += gap;
            filter.predict(track, gap);
            filter.update(track, box((float) (100 * t), 0, 50, 50));
        }

        assertThat(track.mean[4]).isCloseTo(100, within(5.0));
        filter.predict(track, 1.0);
        assertThat(track.mean[0] - 25).isCloseTo(100 * (t + 1.0), within(5.0));
    }

    @Test
    void uncertaintyGrowsWithoutMeasurementsAndShrinksWithThem() {
        Track track = new Track();
        filter.initiate(track, box(0, 0, 40, 40));
        double initial = track.covariance[0];
        filter.update(track, box(0, 0, 40, 40));
        double measured = track.covariance[0];
        filter.predict(track, 1.0);
        double predicted = track.covariance[0];

        assertThat(measured).isLessThan(initial);
        assertThat(predicted).isGreaterThan(measured);
        int n = KalmanBoxFilter.DIM;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertThat(track.covariance[i * n + j]).isEqualTo(track.covariance[j * n + i]);
            }
        }
    }

    @Test
    void aZeroIntervalLeavesTheTrackInPlace() {
        Track track = new Track();
        filter.initiate(track, box(10, 20, 30, 40));
        double[] before = track.mean.clone();
        filter.predict(track, 0);
        assertThat(track.mean).containsExactly(before);
    }

    @Test
    void aFaceEnteringTheFrameIsTrackedByItsInnerEdge() {
        // A 100 px face slides in from the left edge at 250 px/s; the detector's box is cut at x =
        // 0
        // for the first four frames, so its centre moves at half the speed and its width grows.
        Track cut = new Track();
        Track naive = new Track();
        for (int frame = 0; frame < 6; frame++) {
            float left = -80 + 25 * frame;
            Detection seen =
                    new Detection(Math.max(0, left), 50, 100 + Math.min(0, left), 100, 0.9f);
            Edges edges = Edges.of(seen, 1280, 720);
            assertThat(edges.left()).isEqualTo(left <= 0);
            if (frame == 0) {
                filter.initiate(cut, seen, edges);
                filter.initiate(naive, seen);
            } else {
                filter.predict(cut, 0.1);
                filter.predict(naive, 0.1);
                filter.update(cut, seen, edges);
                filter.update(naive, seen);
            }
        }

        assertThat(cut.mean[4]).isCloseTo(250, within(40.0));
        assertThat(Math.abs(cut.mean[4] - 250)).isLessThan(Math.abs(naive.mean[4] - 250));
    }

    @Test
    void aLowScoreDetectionMovesTheTrackLessThanAConfidentOne() {
        Track confident = new Track();
        Track doubtful = new Track();
        for (Track track : new Track[] {confident, doubtful}) {
            filter.initiate(track, box(100, 100, 50, 50));
            filter.predict(track, 0.1);
        }
        filter.update(confident, new Detection(110, 100, 50, 50, 0.95f));
        filter.update(doubtful, new Detection(110, 100, 50, 50, 0.4f));

        assertThat(doubtful.mean[0] - 125).isPositive().isLessThan(confident.mean[0] - 125);
    }

    static Detection box(float x, float y, float w, float h) {
        return new Detection(x, y, w, h, 0.9f);
    }
}
