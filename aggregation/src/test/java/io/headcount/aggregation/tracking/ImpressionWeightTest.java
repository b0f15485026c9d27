package io.headcount.aggregation.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headcount.schemas.FaceQuality;
import org.junit.jupiter.api.Test;

/** An impression's weight: size (80 px), sharpness (100) and frontalness (cos yaw), multiplied. */
class ImpressionWeightTest {

    @Test
    void aLargeSharpFrontalFaceWeighsOne() {
        assertThat(ImpressionWeight.of(new FaceQuality(80f, 100f, 0f))).isEqualTo(1.0);
        assertThat(ImpressionWeight.of(new FaceQuality(240f, 900f, 0f)))
                .as("beyond full size and sharpness, no bonus")
                .isEqualTo(1.0);
    }

    @Test
    void eachFactorScalesTheWeightAndTheyMultiply() {
        assertThat(ImpressionWeight.of(new FaceQuality(40f, 100f, 0f)))
                .as("half size")
                .isCloseTo(0.5, within(1e-9));
        assertThat(ImpressionWeight.of(new FaceQuality(80f, 50f, 0f)))
                .as("half sharpness")
                .isCloseTo(0.5, within(1e-9));
        assertThat(ImpressionWeight.of(new FaceQuality(80f, 100f, 60f)))
                .as("cos 60° = 1/2")
                .isCloseTo(0.5, within(1e-9));
        assertThat(ImpressionWeight.of(new FaceQuality(80f, 100f, -60f)))
                .as("either side")
                .isCloseTo(0.5, within(1e-9));
        // 20/80 · 25/100 · cos 60° = 1/4 · 1/4 · 1/2 = 1/32.
        assertThat(ImpressionWeight.of(new FaceQuality(20f, 25f, 60f)))
                .isCloseTo(1.0 / 32, within(1e-9));
    }

    @Test
    void aProfileOrAFaceTurnedAwayWeighsNothing() {
        assertThat(ImpressionWeight.of(new FaceQuality(80f, 100f, 90f))).isCloseTo(0, within(1e-9));
        assertThat(ImpressionWeight.of(new FaceQuality(80f, 100f, 135f))).isZero();
    }

    @Test
    void anUnmeasuredFactorIsNoPenaltyButAnUnusableSizeIsNoWeight() {
        assertThat(ImpressionWeight.of(new FaceQuality(20f, null, null)))
                .as("size 1/4 only")
                .isCloseTo(0.25, within(1e-9));
        assertThat(ImpressionWeight.of(new FaceQuality(Float.NaN, 100f, 0f))).isZero();
        assertThat(ImpressionWeight.of(new FaceQuality(80f, Float.NaN, 0f))).isZero();
        assertThat(ImpressionWeight.of(new FaceQuality(80f, 100f, Float.NaN)))
                .as("an unusable yaw, like an unusable size or sharpness")
                .isZero();
    }
}
