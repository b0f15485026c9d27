package io.headcount.vision.attributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.FaceBox;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mask detector's second opinion on faces the face detector scored low. */
class MaskCorroborationTest {

    private final MaskCorroboration corroboration = new MaskCorroboration(0.6f, 0.3f);

    /** The mask detector found a masked face at (100, 100) and a bare one at (400, 100). */
    private final FrameMasks masks =
            new FrameMasks(
                    new MaskDetection[] {
                        new MaskDetection(new FaceBox(100, 100, 60, 60), 0.05f, 0.9f),
                        new MaskDetection(new FaceBox(400, 100, 60, 60), 0.55f, 0.1f),
                    },
                    0);

    private static DetectedFace face(float x, float y, float score) {
        return new DetectedFace(new FaceBox(x, y, 60, 60), score, new float[10]);
    }

    @Test
    void aLowFaceTheMaskDetectorAlsoFoundIsKeptWithTheTwoScoresTogether() {
        MaskCorroboration.Kept found = corroboration.keep(List.of(face(104, 98, 0.4f)), masks);
        List<DetectedFace> kept = found.faces();

        assertThat(kept).hasSize(1);
        assertThat(found.lifted()).isEqualTo(1);
        // 1 - (1 - 0.4)(1 - 0.9): the chance that both detectors are wrong there.
        assertThat(kept.get(0).score()).isCloseTo(0.94f, within(1e-6f));
        assertThat(kept.get(0).box()).isEqualTo(new FaceBox(104, 98, 60, 60));
    }

    @Test
    void aLowFaceWhoseTwoScoresStayBelowTheThresholdIsDropped() {
        // 0.31 and the bare face's 0.55 make 1 - 0.69 * 0.45 = 0.69: enough for 0.6, not for 0.9.
        assertThat(corroboration.keep(List.of(face(402, 101, 0.31f)), masks).faces()).hasSize(1);
        MaskCorroboration strict = new MaskCorroboration(0.9f, 0.3f);
        assertThat(strict.keep(List.of(face(402, 101, 0.31f)), masks).faces()).isEmpty();
    }

    @Test
    void aLowFaceNoMaskDetectionOverlapsIsDroppedAndAFaceAtTheThresholdIsKeptAsItIs() {
        MaskCorroboration.Kept kept =
                corroboration.keep(
                        List.of(face(700, 300, 0.95f), face(250, 100, 0.5f), face(98, 102, 0.6f)),
                        masks);

        assertThat(kept.faces()).extracting(DetectedFace::score).containsExactly(0.95f, 0.6f);
        assertThat(kept.lifted()).isZero();
        // Two faces kept, one of them only by the second opinion.
        MaskCorroboration.Kept mixed =
                corroboration.keep(List.of(face(700, 300, 0.95f), face(104, 98, 0.4f)), masks);
        assertThat(mixed.faces()).hasSize(2);
        assertThat(mixed.lifted()).isEqualTo(1);
    }

    @Test
    void withoutMaskFindingsOnlyFacesAtTheThresholdAreKept() {
        assertThat(
                        corroboration
                                .keep(List.of(face(104, 98, 0.59f), face(400, 100, 0.7f)), null)
                                .faces())
                .extracting(DetectedFace::score)
                .containsExactly(0.7f);
    }

    @Test
    void theDetectorDecodesDownToTheFloorAndNoneLiftsNothing() {
        DetectorSettings detector = DetectorSettings.yunet("models");

        assertThat(corroboration.decodingDown(detector).scoreThreshold()).isEqualTo(0.3f);
        MaskCorroboration none = MaskCorroboration.none(detector);
        assertThat(none.decodingDown(detector).scoreThreshold())
                .isEqualTo(detector.scoreThreshold());
        assertThat(none.keep(List.of(face(104, 98, 0.59f)), masks).faces()).isEmpty();
    }

    @Test
    void withTheTrackersLowBandWeakFacesAreKeptAtTheirOwnScoreToContinueATrack() {
        MaskCorroboration withLowBand = new MaskCorroboration(0.6f, 0.3f, 0.3f, 0.6f);

        MaskCorroboration.Kept kept =
                withLowBand.keep(
                        List.of(
                                face(700, 300, 0.95f),
                                face(104, 98, 0.4f),
                                face(250, 100, 0.45f),
                                face(900, 500, 0.25f)),
                        masks);

        // The masked face is lifted as before; the face no mask detection overlaps stays at 0.45,
        // below the tracker's high score, so it can only continue a track; 0.25 is below the band.
        assertThat(kept.faces())
                .extracting(DetectedFace::score)
                .containsExactly(0.95f, 0.94f, 0.45f);
        assertThat(kept.lifted()).isEqualTo(1);
        assertThat(kept.lowScoreFaces()).isEqualTo(1);
        assertThat(kept.found()).isEqualTo(2);
        // Without mask findings the weak faces still go to the tracker, none lifted.
        MaskCorroboration.Kept alone = withLowBand.keep(List.of(face(104, 98, 0.4f)), null);
        assertThat(alone.faces()).extracting(DetectedFace::score).containsExactly(0.4f);
        assertThat(alone.lowScoreFaces()).isEqualTo(1);
        // The detector decodes down to the lower of the two floors.
        DetectorSettings detector = DetectorSettings.yunet("models");
        assertThat(
                        new MaskCorroboration(0.6f, 0.5f, 0.3f, 0.6f)
                                .decodingDown(detector)
                                .scoreThreshold())
                .isEqualTo(0.3f);
        assertThat(corroboration.keep(List.of(face(250, 100, 0.45f)), masks).faces()).isEmpty();
    }

    @Test
    void aFaceThatCouldStartATrackButIsBelowTheThresholdIsNotKept() {
        // The detector's threshold raised above the tracker's high score: a face at 0.62 would
        // start a track in the tracker, which the threshold refused; 0.45 still only continues.
        MaskCorroboration strict = new MaskCorroboration(0.65f, 0.65f, 0.3f, 0.6f);

        MaskCorroboration.Kept kept =
                strict.keep(
                        List.of(face(700, 300, 0.9f), face(250, 100, 0.62f), face(900, 500, 0.45f)),
                        null);

        assertThat(kept.faces()).extracting(DetectedFace::score).containsExactly(0.9f, 0.45f);
        assertThat(kept.lowScoreFaces()).isEqualTo(1);
    }

    @Test
    void aFloorAboveTheThresholdOrAtZeroIsRefused() {
        assertThatThrownBy(() -> new MaskCorroboration(0.6f, 0.7f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("corroborated score");
        assertThatThrownBy(() -> new MaskCorroboration(0.6f, 0f))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
