package io.headcount.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.testkit.SharedAssets;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.settings.FaceAnalysisOptions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The floor and the detection stage timing on a few real frames. */
class ModelFloorTest {

    private static List<BenchFrame> frames;
    private static List<BgrImage> images;

    @BeforeAll
    static void frames() throws Exception {
        SharedAssets.model("det_yunet_n_dynamic.onnx");
        frames =
                BenchFrames.synthetic(
                        SharedAssets.data(BenchFrames.FACE_MANIFEST), 480, 270, 2, 4, 7);
        images = BenchFrames.decode(frames);
    }

    @Test
    void theFloorTimesEveryModelOfTheJobOnEveryFrame() {
        FaceAnalysisOptions options = FaceAnalysisOptions.defaults();
        ModelFloor.Result floor;
        try (ModelFloor models = ModelFloor.open(options.detector(), options.attributes())) {
            floor = models.measure(images, 1);
        }
        assertThat(floor.millisPerFrame().count()).isEqualTo(images.size());
        assertThat(floor.perRole().keySet())
                .containsExactly("detector", "sex-age", "sex", "expression", "mask");
        // The detector and the whole-frame mask model run on every frame; crop models on frames
        // with a usable face.
        assertThat(floor.perRole().get("detector").count()).isEqualTo(images.size());
        assertThat(floor.perRole().get("mask").count()).isEqualTo(images.size());
        assertThat(floor.perRole().get("sex-age").count()).isPositive();
        double sumOfRoles = floor.perRole().values().stream().mapToDouble(Samples::sum).sum();
        assertThat(floor.millisPerFrame().sum())
                .isCloseTo(sumOfRoles, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(floor.framesPerSecond())
                .isCloseTo(
                        1000.0 * images.size() / floor.millisPerFrame().sum(),
                        org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theDetectionStageFindsTheSameFacesOnEveryPass() {
        FaceAnalysisOptions options = FaceAnalysisOptions.defaults();
        DetectionTiming.Result once;
        DetectionTiming.Result twice;
        try (YuNetDetector detector = YuNetDetector.open(options.detector())) {
            once = DetectionTiming.measure(detector, images, 1, 1);
            twice = DetectionTiming.measure(detector, images, 0, 2);
        }
        assertThat(once.millis().count()).isEqualTo(images.size());
        assertThat(twice.millis().count()).isEqualTo(2 * images.size());
        assertThat(once.faces()).isPositive().isEqualTo(twice.faces());
        assertThat(once.faces())
                .isLessThanOrEqualTo(frames.stream().mapToInt(BenchFrame::faces).sum());
    }
}
