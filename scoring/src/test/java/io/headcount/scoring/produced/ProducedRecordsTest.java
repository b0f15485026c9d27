package io.headcount.scoring.produced;

import static io.headcount.scoring.Fixtures.frame;
import static io.headcount.scoring.Fixtures.observation;
import static io.headcount.scoring.Fixtures.track;
import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.schemas.FaceObservation;
import io.headcount.scoring.truth.Rect;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProducedRecordsTest {

    private static final Rect BOX = new Rect(0, 0, 10, 10);

    @Test
    void groupsObservationsByTrackInFrameTimeOrderLeavingOutUntracked() {
        FaceObservation late = observation("T", frame(2), BOX, null);
        FaceObservation early = observation("T", frame(1), BOX, null);
        FaceObservation untracked = observation(null, frame(1), BOX, null);
        ProducedRecords produced =
                new ProducedRecords(List.of(late, untracked, early), List.of(), List.of());

        assertThat(produced.observationsByTrack()).containsOnlyKeys("T");
        assertThat(produced.observationsByTrack().get("T")).containsExactly(early, late);
    }

    @Test
    void keepsOneCameraOrAllOfThem() {
        var other = track("X", 0, 1, null, null, null);
        other.setCamera("cam-2");
        ProducedRecords produced =
                new ProducedRecords(
                        List.of(), List.of(track("T", 0, 1, null, null, null), other), List.of());

        assertThat(produced.forCamera("cam-2").tracks()).containsExactly(other);
        assertThat(produced.forCamera(null).tracks()).hasSize(2);
    }
}
