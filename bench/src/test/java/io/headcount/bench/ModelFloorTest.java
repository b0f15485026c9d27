package io.headcount.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.testkit.SharedAssets;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.settings.DescribeBudgetOptions;
import io.headcount.vision.settings.FaceAnalysisOptions;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The floor (one thread and all cores, under the describe budget) and the detection stage timing on
 * a few real frames.
 */
class ModelFloorTest {

    private static List<BenchFrame> frames;
    private static List<BgrImage> images;

    @BeforeAll
    static void frames() throws Exception {
        SharedAssets.model("det_yunet_n_dynamic.onnx");
        frames =
                BenchFrames.synthetic(
                        SharedAssets.data(BenchFrames.FACE_MANIFEST), 480, 270, 2, 12, 7);
        images = BenchFrames.decode(frames);
    }

    @Test
    void theFloorTimesTheModelsTheJobRunsOnEveryFrame() {
        FaceAnalysisOptions options = FaceAnalysisOptions.defaults();
        ModelFloor.Result floor;
        ModelFloor.AllCores allCores;
        ModelFloor.Plan plan;
        try (ModelFloor models = ModelFloor.open(options, images, 2)) {
            plan = models.plan();
            floor = models.measure();
            allCores = models.measureAllCores().plus(models.measureAllCores());
        }
        assertThat(floor.millisPerFrame().count()).isEqualTo(images.size());
        assertThat(floor.perRole().keySet())
                .containsExactly("detector", "sex-age", "sex", "expression", "mask");
        // The detector and the whole-frame mask model run on every frame; crop models only on
        // frames where the budget picked a face.
        assertThat(floor.perRole().get("detector").count()).isEqualTo(images.size());
        assertThat(floor.perRole().get("mask").count()).isEqualTo(images.size());
        assertThat(floor.perRole().get("sex-age").count())
                .isPositive()
                .isLessThan(images.size())
                .isEqualTo(floor.perRole().get("expression").count());
        double sumOfRoles = floor.perRole().values().stream().mapToDouble(Samples::sum).sum();
        assertThat(floor.millisPerFrame().sum()).isCloseTo(sumOfRoles, Offset.offset(1e-6));
        double perFrameOfRoles =
                floor.perRole().keySet().stream().mapToDouble(floor::millisPerFrame).sum();
        assertThat(floor.millisPerFrame().mean()).isCloseTo(perFrameOfRoles, Offset.offset(1e-6));
        assertThat(floor.framesPerSecond())
                .isCloseTo(
                        1000.0 * images.size() / floor.millisPerFrame().sum(), Offset.offset(1e-9));

        assertThat(allCores.threads()).isEqualTo(2);
        assertThat(allCores.frames()).isEqualTo(2 * images.size());
        assertThat(allCores.framesPerSecond())
                .isPositive()
                .isEqualTo(
                        Math.max(
                                allCores.workersFramesPerSecond(),
                                allCores.intraOpFramesPerSecond()));

        // At 10 frames/s a track gets the heads on its first good face, then at most every 200 ms
        // while its sex is undetermined: fewer faces than pass the thresholds.
        assertThat(plan.frames()).isEqualTo(images.size());
        assertThat(plan.facesUsable()).isPositive().isLessThanOrEqualTo(plan.facesDetected());
        assertThat(plan.facesDescribed()).isPositive().isLessThan(plan.facesUsable());
    }

    @Test
    void withTheBudgetOffEveryUsableFaceGetsTheHeads() {
        FaceAnalysisOptions options =
                FaceAnalysisOptions.defaults()
                        .with(DescribeBudgetOptions.DESCRIBE_PER_TRACK_PER_S, "0");
        ModelFloor.Result floor;
        ModelFloor.Plan plan;
        try (ModelFloor models = ModelFloor.open(options, images, 1)) {
            plan = models.plan();
            floor = models.measure();
        }
        assertThat(plan.facesDescribed()).isPositive().isEqualTo(plan.facesUsable());
        assertThat(plan.describedShare()).isEqualTo(1.0);
        long framesWithUsableFaces = floor.perRole().get("sex-age").count();
        assertThat(framesWithUsableFaces).isPositive().isLessThanOrEqualTo(images.size());
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
