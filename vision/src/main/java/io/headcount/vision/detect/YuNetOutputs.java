package io.headcount.vision.detect;

import java.util.List;
import java.util.Objects;

/**
 * The raw outputs of one YuNet run for a batch of one, grouped per stride.
 *
 * @param inputWidth tensor width W the model ran on
 * @param inputHeight tensor height H the model ran on
 * @param strides one entry per stride, in {@link YuNetModel#STRIDES} order
 */
public record YuNetOutputs(int inputWidth, int inputHeight, List<Stride> strides) {

    public YuNetOutputs {
        strides = List.copyOf(strides);
    }

    /**
     * The four heads of one stride s, with {@code n = (H / s) * (W / s)} cells, cell {@code i = row
     * * cols + col}.
     *
     * @param stride s
     * @param cls {@code n} class scores (sigmoid applied)
     * @param obj {@code n} objectness scores (sigmoid applied)
     * @param bbox {@code 4n} box offsets: dx, dy, log w, log h in stride units
     * @param kps {@code 10n} landmark offsets in stride units
     */
    public record Stride(int stride, float[] cls, float[] obj, float[] bbox, float[] kps) {

        public Stride {
            Objects.requireNonNull(cls, "cls");
            int n = cls.length;
            if (obj.length != n || bbox.length != 4 * n || kps.length != 10 * n) {
                throw new IllegalArgumentException(
                        "stride "
                                + stride
                                + ": inconsistent head sizes cls="
                                + n
                                + " obj="
                                + obj.length
                                + " bbox="
                                + bbox.length
                                + " kps="
                                + kps.length);
            }
        }

        public int cells() {
            return cls.length;
        }
    }
}
