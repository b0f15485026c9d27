package io.headcount.vision.attributes;

import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.frame.BgrImage;

/**
 * The attribute models' input: a square around the face, side {@code scale * max(w, h)} centred on
 * the box, what lies outside the frame black (face-api.js pads to a square with black), resized
 * bilinearly to {@code size x size} and written as planar R, G, B floats 0..255 (NCHW) at one index
 * of a batch buffer. A {@link #stretched} crop instead takes the box enlarged by a margin on every
 * side and resizes it to the square without keeping the aspect, as HSE FaceRes was trained. Pure:
 * no ONNX Runtime here.
 */
public final class FaceCrop {

    /**
     * Crop side as a multiple of the longer YuNet box side. MODELS.md used 1.2; measured with
     * {@code Evaluation} (padding 0.5) the face-api sex accuracy is higher with the box itself:
     * UTKFace adults (1,123-image subset) 97.3 % at 1.0, 95.7 % at 1.1, 94.9 % at 1.2, 82.3 % at
     * 1.4; rmfd_celeb_unmasked 95.2 % at 1.0 against 90.6 % at 1.2; real masked faces 83.0 %
     * against 78.0 %.
     */
    public static final float DEFAULT_SCALE = 1.0f;

    private final int size;
    private final float scale;

    /** Share of the box width and height added on each side of a stretched crop; NaN = square. */
    private final float margin;

    public FaceCrop(int size, float scale) {
        this(size, scale, Float.NaN);
        if (scale <= 0) {
            throw new IllegalArgumentException("invalid crop: size " + size + ", scale " + scale);
        }
    }

    private FaceCrop(int size, float scale, float margin) {
        if (size < 1) {
            throw new IllegalArgumentException("invalid crop size " + size);
        }
        this.size = size;
        this.scale = scale;
        this.margin = margin;
    }

    /**
     * The box plus {@code margin} times its width (height) on the left and right (top and bottom),
     * resized to {@code size x size} without keeping the aspect.
     */
    public static FaceCrop stretched(int size, float margin) {
        if (!(margin > -0.5f) || margin > 2f) {
            throw new IllegalArgumentException("invalid stretched crop margin " + margin);
        }
        return new FaceCrop(size, Float.NaN, margin);
    }

    /** Names the crop: two crops with the same key give the same pixels. */
    public String key() {
        return Float.isNaN(margin)
                ? size + " square " + scale
                : size + " stretched box+" + margin + " per side";
    }

    public int size() {
        return size;
    }

    /** Floats of one crop in the batch buffer. */
    public int floatsPerFace() {
        return 3 * size * size;
    }

    /**
     * Writes the crop of {@code box} into {@code batch} at {@code index} (NCHW, RGB, 0..255). Same
     * arithmetic as {@link Bilinear#sample} per pixel (bit-identical results), with the source
     * offsets, weights and in-frame tests computed once per output column and row.
     */
    public void write(BgrImage frame, FaceBox box, float[] batch, int index) {
        float left;
        float top;
        float stepX;
        float stepY;
        if (Float.isNaN(margin)) {
            float side = scale * Math.max(box.width(), box.height());
            left = box.x() + box.width() / 2 - side / 2;
            top = box.y() + box.height() / 2 - side / 2;
            stepX = side / size;
            stepY = stepX;
        } else {
            left = box.x() - margin * box.width();
            top = box.y() - margin * box.height();
            stepX = (1 + 2 * margin) * box.width() / size;
            stepY = (1 + 2 * margin) * box.height() / size;
        }
        int plane = size * size;
        int offset = index * 3 * plane;
        int frameWidth = frame.width();
        int frameHeight = frame.height();
        byte[] pixels = frame.pixels();
        // Per column: byte offsets of the left and right source pixels, -1 outside the frame.
        int[] x0s = new int[size];
        int[] x1s = new int[size];
        float[] fxs = new float[size];
        for (int tx = 0; tx < size; tx++) {
            float sx = left + (tx + 0.5f) * stepX - 0.5f;
            int x0 = (int) Math.floor(sx);
            fxs[tx] = sx - x0;
            x0s[tx] = x0 >= 0 && x0 < frameWidth ? x0 * 3 : -1;
            x1s[tx] = x0 + 1 >= 0 && x0 + 1 < frameWidth ? (x0 + 1) * 3 : -1;
        }
        for (int ty = 0; ty < size; ty++) {
            float sy = top + (ty + 0.5f) * stepY - 0.5f;
            int y0 = (int) Math.floor(sy);
            float fy = sy - y0;
            int row0 = y0 >= 0 && y0 < frameHeight ? y0 * frameWidth * 3 : -1;
            int row1 = y0 + 1 >= 0 && y0 + 1 < frameHeight ? (y0 + 1) * frameWidth * 3 : -1;
            for (int tx = 0; tx < size; tx++) {
                int target = offset + ty * size + tx;
                float fx = fxs[tx];
                int x0 = x0s[tx];
                int x1 = x1s[tx];
                // BGR in the frame: channel 2 is red, the first plane of the RGB tensor.
                for (int channel = 0; channel < 3; channel++) {
                    int c = 2 - channel;
                    float upper =
                            (1 - fx) * value(pixels, row0, x0, c) + fx * value(pixels, row0, x1, c);
                    float lower =
                            (1 - fx) * value(pixels, row1, x0, c) + fx * value(pixels, row1, x1, c);
                    batch[target + channel * plane] = (1 - fy) * upper + fy * lower;
                }
            }
        }
    }

    /** The byte at a row and column offset, 0 (black) where either is outside the frame. */
    private static float value(byte[] pixels, int row, int column, int channel) {
        return row < 0 || column < 0 ? 0f : pixels[row + column + channel] & 0xFF;
    }
}
