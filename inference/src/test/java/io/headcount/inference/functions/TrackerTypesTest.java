package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.testing.FlinkPojos;
import io.headcount.vision.attributes.DescribeBudget;
import io.headcount.vision.attributes.DescribeBudgetSettings;
import io.headcount.vision.attributes.DescribeBudgetState;
import io.headcount.vision.quality.FaceQualityMeasure;
import io.headcount.vision.track.ByteTracker;
import io.headcount.vision.track.Detection;
import io.headcount.vision.track.FrameDetections;
import io.headcount.vision.track.FrameTracks;
import io.headcount.vision.track.RandomTrackIds;
import io.headcount.vision.track.TrackerSettings;
import io.headcount.vision.track.TrackerState;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The state and the records in and out have Flink serializers of their own: no Kryo fallback. */
class TrackerTypesTest {

    @Test
    void trackerStateIsAPojoAndSurvivesARoundTripWithGenericTypesDisabled() throws IOException {
        TrackerState state = new TrackerState();
        ByteTracker tracker = new ByteTracker(TrackerSettings.defaults(), new RandomTrackIds());
        for (int i = 0; i < 4; i++) {
            tracker.update(
                    state,
                    new FrameDetections(
                            "site",
                            "cam",
                            1_000 + 100 * i,
                            i,
                            new Detection[] {
                                new Detection(10 + i, 20, 30, 40, 0.9f),
                                new Detection(200, 20 + i, 35, 45, 0.8f)
                            }));
        }

        TrackerState copy = FlinkPojos.roundTrip(TrackerState.class, state);

        assertThat(copy.lastFrameTime).isEqualTo(state.lastFrameTime);
        assertThat(copy.tracks).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(copy.tracks[i]).usingRecursiveComparison().isEqualTo(state.tracks[i]);
        }
    }

    @Test
    void describeBudgetStateIsAPojoAndSurvivesARoundTripWithGenericTypesDisabled()
            throws IOException {
        DescribeBudgetState state = new DescribeBudgetState();
        DescribeBudget budget = new DescribeBudget(DescribeBudgetSettings.defaults(), 3000);
        FaceQualityMeasure good = new FaceQualityMeasure(90, 120, 5);
        for (int i = 0; i < 4; i++) {
            budget.pick(
                    state,
                    1_000 + 100 * i,
                    new String[] {"00ff00ff00ff00ff", "0123456789abcdef"},
                    new FaceQualityMeasure[] {good, good},
                    new boolean[] {true, true});
            budget.described(state, "00ff00ff00ff00ff", good, 0.9f);
        }
        state.idleTimer = 4_300;

        DescribeBudgetState copy = FlinkPojos.roundTrip(DescribeBudgetState.class, state);

        assertThat(copy).usingRecursiveComparison().isEqualTo(state);
        assertThat(copy.tracks).hasSize(2);
    }

    @Test
    void frameRecordsArePojosAndSurviveARoundTrip() throws IOException {
        FrameDetections in =
                new FrameDetections(
                        "site", "cam", 1_000, 7, new Detection[] {new Detection(1, 2, 3, 4, 0.5f)});
        FrameTracks out =
                new FrameTracks(
                        "site",
                        "cam",
                        1_000,
                        7,
                        new String[] {"00ff00ff00ff00ff", null},
                        new boolean[] {true, false});

        assertThat(FlinkPojos.roundTrip(FrameDetections.class, in)).isEqualTo(in);
        assertThat(FlinkPojos.roundTrip(FrameTracks.class, out)).isEqualTo(out);
    }
}
