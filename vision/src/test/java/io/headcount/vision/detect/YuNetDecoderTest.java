package io.headcount.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Decodes hand-built outputs of a 64x64 input (strides 8, 16, 32 give 8x8, 4x4 and 2x2 cells) that
 * was made from a 128x128 frame (scale 0.5).
 */
class YuNetDecoderTest {

    private static final float LN2 = (float) Math.log(2);
    private static final float LN3 = (float) Math.log(3);

    private final YuNetDecoder decoder = new YuNetDecoder(0.6f, 0.3f);
    private Head s8;
    private Head s16;
    private Head s32;

    @BeforeEach
    void emptyHeads() {
        s8 = new Head(8, 64);
        s16 = new Head(16, 16);
        s32 = new Head(32, 4);
    }

    @Test
    void decodesAnchorsWithoutHalfCellOffsetAndMapsBackToFramePixels() {
        // Stride 8, row 2, col 3; box centre offset (0.5, 0.5), size (2, 3) cells.
        s8.set(2 * 8 + 3, 0.9f, 0.9f, new float[] {0.5f, 0.5f, LN2, LN3}, landmarks());

        List<DetectedFace> faces = decode();

        assertThat(faces).hasSize(1);
        DetectedFace face = faces.get(0);
        assertThat(face.score()).isCloseTo(0.9f, within(1e-6f));
        // Tensor: centre (28, 20), size 16x24 -> top-left (20, 8); frame = tensor / 0.5.
        assertThat(face.box().x()).isCloseTo(40f, within(1e-4f));
        assertThat(face.box().y()).isCloseTo(16f, within(1e-4f));
        assertThat(face.box().width()).isCloseTo(32f, within(1e-4f));
        assertThat(face.box().height()).isCloseTo(48f, within(1e-4f));
        for (int j = 0; j < 5; j++) {
            assertThat(face.landmarkX(j)).isCloseTo((3 + 0.1f * j) * 16, within(1e-4f));
            assertThat(face.landmarkY(j)).isCloseTo((2 + 0.2f * j) * 16, within(1e-4f));
        }
    }

    @Test
    void scoresAreTheGeometricMeanOfClampedClassAndObjectness() {
        s8.set(0, 1.2f, 0.64f, new float[] {0, 0, 0, 0}, landmarks());

        assertThat(decode().get(0).score()).isCloseTo(0.8f, within(1e-6f));
    }

    @Test
    void dropsFacesBelowTheThreshold() {
        s16.set(0, 0.5f, 0.5f, new float[] {0, 0, 0, 0}, landmarks());
        s32.set(0, 0.6f, 0.59f, new float[] {0, 0, 0, 0}, landmarks());

        assertThat(decode()).isEmpty();
    }

    @Test
    void suppressesOverlappingWeakerFacesAcrossCellsAndKeepsDistinctOnes() {
        // A: stride 8 cell (2,3), score 0.9.
        s8.set(2 * 8 + 3, 0.9f, 0.9f, new float[] {0.5f, 0.5f, LN2, LN3}, landmarks());
        // B: the same box from the neighbouring cell (2,4), score 0.8: suppressed by A.
        s8.set(2 * 8 + 4, 1f, 0.64f, new float[] {-0.5f, 0.5f, LN2, LN3}, landmarks());
        // C: stride 32 cell (1,1), score 0.7, frame box (32,32,64,64): IoU with A is 0.22, kept.
        s32.set(3, 0.49f, 1f, new float[] {0, 0, 0, 0}, landmarks());
        // E: stride 16 cell (3,3), score 0.95, partly outside the frame: cut to it.
        s16.set(15, 0.95f, 0.95f, new float[] {0.5f, 0.5f, LN2, LN2}, landmarks());

        List<DetectedFace> faces = decode();

        assertThat(faces).hasSize(3);
        assertThat(faces.get(0).score()).isCloseTo(0.95f, within(1e-6f));
        assertThat(faces.get(1).score()).isCloseTo(0.9f, within(1e-6f));
        assertThat(faces.get(2).score()).isCloseTo(0.7f, within(1e-6f));
        FaceBox edge = faces.get(0).box();
        assertThat(edge.x()).isCloseTo(80f, within(1e-4f));
        assertThat(edge.width()).isCloseTo(48f, within(1e-4f));
        assertThat(edge.height()).isCloseTo(48f, within(1e-4f));
        FaceBox big = faces.get(2).box();
        assertThat(List.of(big.x(), big.y(), big.width(), big.height()))
                .containsExactly(32f, 32f, 64f, 64f);
    }

    @Test
    void nmsKeepsAFaceWhoseOverlapIsExactlyTheLimit() {
        FaceBox a = new FaceBox(0, 0, 10, 10);
        FaceBox b = new FaceBox(5, 0, 10, 10); // IoU = 50 / 150 = 1/3
        List<DetectedFace> faces =
                List.of(
                        new DetectedFace(a, 0.9f, new float[10]),
                        new DetectedFace(b, 0.8f, new float[10]));

        assertThat(NonMaxSuppression.apply(faces, 0.34f, 10)).hasSize(2);
        assertThat(NonMaxSuppression.apply(faces, 0.33f, 10)).containsExactly(faces.get(0));
        assertThat(NonMaxSuppression.apply(faces, 1f, 1)).containsExactly(faces.get(0));
    }

    private List<DetectedFace> decode() {
        YuNetOutputs outputs =
                new YuNetOutputs(64, 64, List.of(s8.stride(), s16.stride(), s32.stride()));
        return decoder.decode(outputs, 0.5f, 0.5f, 128, 128);
    }

    private static float[] landmarks() {
        float[] kps = new float[10];
        for (int j = 0; j < 5; j++) {
            kps[2 * j] = 0.1f * j;
            kps[2 * j + 1] = 0.2f * j;
        }
        return kps;
    }

    /** One stride's four heads, all zero until cells are set. */
    private static final class Head {
        final int stride;
        final float[] cls;
        final float[] obj;
        final float[] bbox;
        final float[] kps;

        Head(int stride, int cells) {
            this.stride = stride;
            cls = new float[cells];
            obj = new float[cells];
            bbox = new float[4 * cells];
            kps = new float[10 * cells];
        }

        void set(int cell, float clsScore, float objScore, float[] box, float[] landmarks) {
            cls[cell] = clsScore;
            obj[cell] = objScore;
            System.arraycopy(box, 0, bbox, 4 * cell, 4);
            System.arraycopy(landmarks, 0, kps, 10 * cell, 10);
        }

        YuNetOutputs.Stride stride() {
            return new YuNetOutputs.Stride(stride, cls, obj, bbox, kps);
        }
    }
}
