package io.headcount.vision.attributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.frame.BgrImage;
import org.junit.jupiter.api.Test;

class FaceCropTest {

    @Test
    void writesASquareRgbCropAroundTheBoxIntoItsBatchSlot() {
        // Left half blue (B=200), right half red (R=100) on a 100x100 frame.
        byte[] pixels = new byte[100 * 100 * 3];
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) {
                int p = (y * 100 + x) * 3;
                pixels[p] = (byte) (x < 50 ? 200 : 0);
                pixels[p + 2] = (byte) (x < 50 ? 0 : 100);
            }
        }
        BgrImage frame = new BgrImage(100, 100, pixels);
        FaceCrop crop = new FaceCrop(10, 1.0f);
        float[] batch = new float[2 * crop.floatsPerFace()];

        // A 40 wide, 20 high box centred at (50, 50): the square crop is 40x40 from (30, 30).
        crop.write(frame, new FaceBox(30, 40, 40, 20), batch, 1);

        int plane = 100;
        int base = crop.floatsPerFace();
        for (int i = 0; i < base; i++) {
            assertThat(batch[i]).as("slot 0 untouched").isZero();
        }
        // Row 5, column 0 (left, blue) and column 9 (right, red); R plane first.
        assertThat(batch[base + 5 * 10]).isZero();
        assertThat(batch[base + 2 * plane + 5 * 10]).isCloseTo(200f, within(1e-3f));
        assertThat(batch[base + 5 * 10 + 9]).isCloseTo(100f, within(1e-3f));
        assertThat(batch[base + 2 * plane + 5 * 10 + 9]).isZero();
    }

    @Test
    void padsWithBlackWhereTheSquareLeavesTheFrame() {
        BgrImage white = BgrImage.filled(50, 50, 255, 255, 255);
        FaceCrop crop = new FaceCrop(20, 2.0f);
        float[] batch = new float[crop.floatsPerFace()];

        // Box at the top-left corner: the doubled square reaches 10 px beyond the left and top
        // edges.
        crop.write(white, new FaceBox(0, 0, 20, 20), batch, 0);

        assertThat(batch[0]).as("outside the frame").isZero();
        assertThat(batch[19 * 20 + 19]).as("inside the frame").isCloseTo(255f, within(1e-3f));
    }

    @Test
    void aStretchedCropTakesTheBoxPlusItsMarginWithoutKeepingTheAspect() {
        // White frame, a black square at (40..60, 45..55); the box is that square, 20x10.
        byte[] pixels = new byte[100 * 100 * 3];
        java.util.Arrays.fill(pixels, (byte) 255);
        for (int y = 45; y < 55; y++) {
            for (int x = 40; x < 60; x++) {
                int p = (y * 100 + x) * 3;
                pixels[p] = pixels[p + 1] = pixels[p + 2] = 0;
            }
        }
        BgrImage frame = new BgrImage(100, 100, pixels);
        FaceCrop crop = FaceCrop.stretched(20, 0.25f);
        float[] batch = new float[crop.floatsPerFace()];

        crop.write(frame, new FaceBox(40, 45, 20, 10), batch, 0);

        // The box fills the middle 2/3 in both directions though it is twice as wide as high:
        // rows and columns 0..2 are the white margin, 4..15 the black box.
        assertThat(batch[10 * 20 + 10]).as("centre").isCloseTo(0f, within(1e-3f));
        assertThat(batch[10 * 20 + 4]).as("inside, left").isCloseTo(0f, within(1e-3f));
        assertThat(batch[4 * 20 + 10]).as("inside, top").isCloseTo(0f, within(1e-3f));
        assertThat(batch[10 * 20 + 2]).as("left margin").isCloseTo(255f, within(1e-3f));
        assertThat(batch[2 * 20 + 10]).as("top margin").isCloseTo(255f, within(1e-3f));
        assertThat(crop.key()).isNotEqualTo(new FaceCrop(20, 1.0f).key());
    }
}
