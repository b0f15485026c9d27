package io.headcount.vision.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headcount.testkit.SharedAssets;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.testing.TestImages;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FaceQualityEstimatorTest {

    private static final FaceBox BOX = new FaceBox(0, 0, 100, 100);

    @Test
    void yawIsZeroForASymmetricFaceAndFollowsTheNose() {
        assertThat(FaceQualityEstimator.yaw(face(50))).isCloseTo(0f, within(1e-4f));
        // Nose 20 px right of the centre with a half width of 20 px: atan(1) = 45 degrees.
        assertThat(FaceQualityEstimator.yaw(face(70))).isCloseTo(45f, within(1e-3f));
        assertThat(FaceQualityEstimator.yaw(face(30))).isCloseTo(-45f, within(1e-3f));
    }

    @Test
    void yawFromEyesIsZeroForCentredEyesAndFollowsTheirShiftInTheBoxWhateverTheNoseAndMouth() {
        // Eyes 40 px apart, centred in the 100 px box: frontal, wherever a mask put the nose.
        assertThat(FaceQualityEstimator.yawFromEyes(face(70))).isCloseTo(0f, within(1e-4f));
        double shift = FaceQualityEstimator.EYE_RADIUS_IN_EYE_DISTANCES * 40 * Math.sin(0.5236);
        float[] turned = {
            (float) (30 + shift), 40, (float) (70 + shift), 40, 50, 55, 30, 75, 70, 75
        };
        assertThat(FaceQualityEstimator.yawFromEyes(new DetectedFace(BOX, 0.9f, turned)))
                .isCloseTo(30f, within(0.1f));
        float[] farOff = {90, 40, 130, 40, 50, 55, 30, 75, 70, 75};
        assertThat(FaceQualityEstimator.yawFromEyes(new DetectedFace(BOX, 0.9f, farOff)))
                .as("clamped to a profile")
                .isCloseTo(90f, within(1e-3f));
    }

    @Test
    void yawIgnoresInPlaneRoll() {
        // The same frontal face rotated by 30 degrees about its centre.
        float[] points = {30, 40, 70, 40, 50, 55, 30, 75, 70, 75};
        double angle = Math.toRadians(30);
        float[] rotated = new float[10];
        for (int i = 0; i < 5; i++) {
            double x = points[2 * i] - 50;
            double y = points[2 * i + 1] - 50;
            rotated[2 * i] = (float) (50 + x * Math.cos(angle) - y * Math.sin(angle));
            rotated[2 * i + 1] = (float) (50 + x * Math.sin(angle) + y * Math.cos(angle));
        }
        assertThat(FaceQualityEstimator.yaw(new DetectedFace(BOX, 0.9f, rotated)))
                .isCloseTo(0f, within(1e-3f));
    }

    @Test
    void aBlurredFaceIsLessSharpThanTheOriginalAndAFlatOneHasNoSharpness() {
        Path file = TestImages.adultFaces(5).get(2);
        BgrImage face = TestImages.read(file);
        FaceBox box = new FaceBox(40, 40, 120, 120);

        float original = FaceQualityEstimator.sharpness(face, box);
        float blurred = FaceQualityEstimator.sharpness(boxBlur(face, 3), box);

        assertThat(original).isGreaterThan(QualitySettings.DEFAULT_MIN_SHARPNESS);
        assertThat(blurred).isLessThan(original / 3);
        assertThat(FaceQualityEstimator.sharpness(BgrImage.filled(100, 100, 9, 9, 9), BOX))
                .isZero();
    }

    @Test
    void realAlignedFacesPassTheDefaultThresholds() {
        Path models = SharedAssets.model(YuNetModel.SPEC.fileName()).getParent();
        FaceQualityEstimator estimator = new FaceQualityEstimator();
        int accepted = 0;
        int total = 0;
        try (YuNetDetector detector =
                YuNetDetector.open(DetectorSettings.yunet(models.toString()))) {
            for (Path file : TestImages.adultFaces(20)) {
                BgrImage image = TestImages.read(file);
                DetectedFace face = detector.detect(image).get(0);
                FaceQualityMeasure quality = estimator.measure(image, face);
                assertThat(Math.abs(quality.yaw()))
                        .as("yaw of the aligned %s", file.getFileName())
                        .isLessThan(60f);
                total++;
                accepted += QualitySettings.defaults().accepts(quality) ? 1 : 0;
            }
        }
        assertThat(accepted)
                .as("aligned faces good enough for attributes")
                .isGreaterThanOrEqualTo(total * 9 / 10);
    }

    private static DetectedFace face(float noseX) {
        return new DetectedFace(BOX, 0.9f, new float[] {30, 40, 70, 40, noseX, 55, 30, 75, 70, 75});
    }

    /** A (2r+1)-square mean filter, edges clamped. */
    private static BgrImage boxBlur(BgrImage image, int r) {
        byte[] out = new byte[image.pixels().length];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 0;
                    int n = 0;
                    for (int dy = -r; dy <= r; dy++) {
                        for (int dx = -r; dx <= r; dx++) {
                            int sx = Math.min(image.width() - 1, Math.max(0, x + dx));
                            int sy = Math.min(image.height() - 1, Math.max(0, y + dy));
                            sum += image.sample(sx, sy, c);
                            n++;
                        }
                    }
                    out[(y * image.width() + x) * 3 + c] = (byte) (sum / n);
                }
            }
        }
        return new BgrImage(image.width(), image.height(), out);
    }
}
