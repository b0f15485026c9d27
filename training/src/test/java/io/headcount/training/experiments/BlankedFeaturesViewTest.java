package io.headcount.training.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.frame.BgrImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The {@code BLANKING@SCALE} columns of {@link BlankedFeatures}. */
class BlankedFeaturesViewTest {

    private static final int SIZE = BlankedFeatures.CROP_SIZE;

    /** A black 40x40 box in the middle of a white 120x120 image. */
    private static final FaceBox BOX = new FaceBox(40, 40, 40, 40);

    @Test
    void readsTheBlankingAndTheCropScale() {
        assertThat(BlankedFeatures.View.parse("none").blanking()).isNull();
        assertThat(BlankedFeatures.View.parse("none@1.6").blanking()).isNull();
        assertThat(BlankedFeatures.View.parse("k0.6@1.3").blanking())
                .isEqualTo(LowerFaceBlanking.below(0.6));
        assertThat(BlankedFeatures.View.parse("k0.45w1.2@2").blanking())
                .isEqualTo(new LowerFaceBlanking(0.45, 1.2));
        assertThatThrownBy(() -> BlankedFeatures.View.parse("none@x"))
                .isInstanceOf(NumberFormatException.class);
    }

    @Test
    void withoutAScaleTheCropIsTheBoxAndTwiceTheScaleShowsAsMuchAroundIt() {
        BgrImage image = boxOnWhite();
        float[] box = crop("none", image);
        assertThat(pixel(box, 2, 2)).as("box corner").isZero();
        assertThat(pixel(box, SIZE / 2, SIZE / 2)).isZero();
        float[] wide = crop("none@2.0", image);
        assertThat(pixel(wide, SIZE / 2, SIZE / 2)).as("centre").isZero();
        assertThat(pixel(wide, SIZE / 4 + 2, SIZE / 4 + 2)).as("inside the box").isZero();
        assertThat(pixel(wide, SIZE / 4 - 2, SIZE / 4 - 2)).as("outside the box").isEqualTo(255f);
        assertThat(pixel(wide, 0, 0)).as("crop corner").isEqualTo(255f);
    }

    private static BgrImage boxOnWhite() {
        int side = 120;
        byte[] pixels = new byte[side * side * 3];
        Arrays.fill(pixels, (byte) 255);
        for (int y = 40; y < 80; y++) {
            Arrays.fill(pixels, (y * side + 40) * 3, (y * side + 80) * 3, (byte) 0);
        }
        return new BgrImage(side, side, pixels);
    }

    private static float[] crop(String view, BgrImage image) {
        float[] tensor = new float[3 * SIZE * SIZE];
        BlankedFeatures.View.parse(view).crop().write(image, BOX, tensor, 0);
        return tensor;
    }

    /** The red channel at a crop row and column. */
    private static float pixel(float[] tensor, int row, int column) {
        return tensor[row * SIZE + column];
    }
}
