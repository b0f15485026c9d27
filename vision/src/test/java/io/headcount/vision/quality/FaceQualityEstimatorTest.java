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
        // Turned 30 degrees: the eye distance shrinks with cos, the midpoint moves with sin.
        double eyeDistance = 40 * Math.cos(Math.toRadians(30));
        double shift =
                FaceQualityEstimator.EYE_SHIFT_PER_TAN_YAW
                        * eyeDistance
                        * Math.tan(Math.toRadians(30));
        float left = (float) (50 + shift - eyeDistance / 2);
        float right = (float) (50 + shift + eyeDistance / 2);
        float[] turned = {left, 40, right, 40, 50, 55, 30, 75, 70, 75};
        assertThat(FaceQualityEstimator.yawFromEyes(new DetectedFace(BOX, 0.9f, turned)))
                .isCloseTo(30f, within(0.01f));
        float[] farOff = {90, 40, 130, 40, 50, 55, 30, 75, 70, 75};
        assertThat(FaceQualityEstimator.yawFromEyes(new DetectedFace(BOX, 0.9f, farOff)))
                .as("towards a profile, never past it")
                .isBetween(60f, 90f);
    }

    @Test
    void theGateReadsWhicheverEstimateIsNearerFrontal() {
        // Eyes centred in the box (0 from the eyes), nose guessed far right (45 from landmarks):
        // what a mask over the nose can do.
        DetectedFace masked = face(70);
        assertThat(FaceQualityEstimator.yaw(masked)).isCloseTo(45f, within(1e-3f));
        assertThat(FaceQualityEstimator.estimatedYaw(masked)).isCloseTo(0f, within(1e-4f));
        // Eyes shifted left in the box (about -40 from the eyes), nose frontal between them.
        float[] shifted = {10, 40, 50, 40, 30, 55, 10, 75, 50, 75};
        DetectedFace eyesOff = new DetectedFace(BOX, 0.9f, shifted);
        assertThat(FaceQualityEstimator.yaw(eyesOff)).isCloseTo(0f, within(1e-3f));
        assertThat(FaceQualityEstimator.estimatedYaw(eyesOff)).isCloseTo(0f, within(1e-3f));
        // Turned in both: the smaller magnitude, with its sign.
        float[] turned = {10, 40, 50, 40, 18, 55, 10, 75, 50, 75};
        DetectedFace bothTurned = new DetectedFace(BOX, 0.9f, turned);
        float fromLandmarks = FaceQualityEstimator.yaw(bothTurned);
        float fromEyes = FaceQualityEstimator.yawFromEyes(bothTurned);
        assertThat(fromLandmarks).isNegative();
        assertThat(fromEyes).isNegative();
        assertThat(FaceQualityEstimator.estimatedYaw(bothTurned))
                .isEqualTo(Math.max(fromLandmarks, fromEyes));
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
                // Unmasked, the eyes alone tell about the same turn as the 5 landmarks.
                assertThat(FaceQualityEstimator.yawFromEyes(face))
                        .as("yaw from the eyes of %s", file.getFileName())
                        .isCloseTo(FaceQualityEstimator.yaw(face), within(12f));
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
