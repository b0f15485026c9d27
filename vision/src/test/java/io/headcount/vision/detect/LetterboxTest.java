package io.headcount.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.vision.frame.BgrImage;
import org.junit.jupiter.api.Test;

class LetterboxTest {

    @Test
    void scalesTheLongerSideDownAndPadsBottomAndRightToMultiplesOf32() {
        BgrImage frame = BgrImage.filled(1280, 720, 10, 20, 30);

        LetterboxTensor tensor = new Letterbox(640).apply(frame);

        assertThat(tensor.contentWidth()).isEqualTo(640);
        assertThat(tensor.contentHeight()).isEqualTo(360);
        assertThat(tensor.width()).isEqualTo(640);
        assertThat(tensor.height()).isEqualTo(384);
        assertThat(tensor.shape()).containsExactly(1, 3, 384, 640);
        assertThat(tensor.data()).hasSize(3 * 384 * 640);
        assertThat(tensor.scaleX()).isEqualTo(0.5f);
        assertThat(tensor.scaleY()).isEqualTo(0.5f);
    }

    @Test
    void writesPlanesInBlueGreenRedOrderWithRawValuesAndZeroPadding() {
        BgrImage frame = BgrImage.filled(100, 40, 10, 20, 30);

        LetterboxTensor tensor = new Letterbox(64).apply(frame);

        // 100x40 scaled by 0.64 is 64x26, on a 64x32 canvas.
        assertThat(tensor.contentWidth()).isEqualTo(64);
        assertThat(tensor.contentHeight()).isEqualTo(26);
        assertThat(tensor.height()).isEqualTo(32);
        assertThat(value(tensor, 0, 0, 0)).isEqualTo(10f);
        assertThat(value(tensor, 1, 25, 63)).isEqualTo(20f);
        assertThat(value(tensor, 2, 12, 31)).isEqualTo(30f);
        for (int c = 0; c < 3; c++) {
            for (int y = 26; y < 32; y++) {
                for (int x = 0; x < 64; x++) {
                    assertThat(value(tensor, c, y, x))
                            .as("padding c=%d y=%d x=%d", c, y, x)
                            .isZero();
                }
            }
        }
    }

    @Test
    void keepsSmallFramesAtNativeSizeAndCopiesEveryPixel() {
        byte[] pixels = new byte[40 * 20 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        BgrImage frame = new BgrImage(40, 20, pixels);

        LetterboxTensor tensor = new Letterbox(640).apply(frame);

        assertThat(tensor.scaleX()).isEqualTo(1f);
        assertThat(tensor.width()).isEqualTo(64);
        assertThat(tensor.height()).isEqualTo(32);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(value(tensor, c, y, x)).isEqualTo(frame.sample(x, y, c));
                }
            }
            assertThat(value(tensor, 0, y, 40)).isZero();
        }
    }

    @Test
    void enlargesSmallFramesOnlyWhenAskedTo() {
        BgrImage frame = BgrImage.filled(160, 100, 1, 2, 3);

        LetterboxTensor tensor = new Letterbox(320, true).apply(frame);

        assertThat(tensor.contentWidth()).isEqualTo(320);
        assertThat(tensor.contentHeight()).isEqualTo(200);
        assertThat(tensor.scaleX()).isEqualTo(2f);
        assertThat(value(tensor, 2, 199, 319)).isEqualTo(3f);
    }

    @Test
    void enlargingKeepsTheValuesOfUniformCorners() {
        // 4x4 image of four uniform 2x2 blocks, enlarged 8x: the corners keep their block's value.
        int[][] blocks = {{0, 100}, {200, 50}};
        byte[] pixels = new byte[4 * 4 * 3];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                for (int c = 0; c < 3; c++) {
                    pixels[(y * 4 + x) * 3 + c] = (byte) (blocks[y / 2][x / 2] + c);
                }
            }
        }

        LetterboxTensor tensor = new Letterbox(32, true).apply(new BgrImage(4, 4, pixels));

        assertThat(tensor.contentWidth()).isEqualTo(32);
        assertThat(value(tensor, 0, 0, 0)).isEqualTo(0f);
        assertThat(value(tensor, 0, 0, 31)).isEqualTo(100f);
        assertThat(value(tensor, 1, 31, 0)).isEqualTo(201f);
        assertThat(value(tensor, 2, 31, 31)).isEqualTo(52f);
    }

    @Test
    void downscaledBlocksKeepTheirValues() {
        // 64x64 image of four uniform 32x32 blocks, scaled to 32x32: each 16x16 quadrant keeps its
        // value.
        byte[] pixels = new byte[64 * 64 * 3];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int value = (y < 32 ? 0 : 2) + (x < 32 ? 0 : 1);
                pixels[(y * 64 + x) * 3] = (byte) (value * 60);
            }
        }
        LetterboxTensor tensor = new Letterbox(32).apply(new BgrImage(64, 64, pixels));

        assertThat(tensor.scaleX()).isEqualTo(0.5f);
        assertThat(value(tensor, 0, 3, 3)).isEqualTo(0f);
        assertThat(value(tensor, 0, 3, 28)).isEqualTo(60f);
        assertThat(value(tensor, 0, 28, 3)).isEqualTo(120f);
        assertThat(value(tensor, 0, 28, 28)).isEqualTo(180f);
        assertThat(value(tensor, 1, 28, 28)).isZero();
    }

    @Test
    void refusesSidesThatAreNotMultiplesOf32() {
        assertThatThrownBy(() -> new Letterbox(600)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Letterbox(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static float value(LetterboxTensor tensor, int channel, int y, int x) {
        return tensor.data()[(channel * tensor.height() + y) * tensor.width() + x];
    }
}
