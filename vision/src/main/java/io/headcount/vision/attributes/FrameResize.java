package io.headcount.vision.attributes;

import io.headcount.vision.frame.BgrImage;

/**
 * The whole frame resized (no letterbox, the aspect ratio changes) to a fixed {@code width x
 * height} and written as planar R, G, B floats {@code (x - 127) / 128}: the UltraFace input
 * (MODELS.md). Boxes come back normalised to 0..1, so the aspect change needs no correction. Pure
 * and thread-safe.
 */
public final class FrameResize {

    private static final float INVERSE_128 = 1f / 128f;

    private final int width;
    private final int height;

    public FrameResize(int width, int height) {
        this.width = width;
        this.height = height;
    }

    public long[] shape() {
        return new long[] {1, 3, height, width};
    }

    /**
     * Same arithmetic as {@link Bilinear#sampleClamped} per pixel (bit-identical results), with the
     * source offsets and weights computed once per output column and row instead of per sample.
     */
    public float[] apply(BgrImage frame) {
        return apply(frame, null);
    }

    /**
     * Like {@link #apply(BgrImage)}, writing into {@code reuse} when it has the tensor's size
     * (every element is overwritten): a new tensor of a few MB per frame is garbage the collector
     * must treat as a humongous object.
     */
    public float[] apply(BgrImage frame, float[] reuse) {
        float[] tensor =
                reuse != null && reuse.length == 3 * width * height
                        ? reuse
                        : new float[3 * width * height];
        int plane = width * height;
        int frameWidth = frame.width();
        byte[] pixels = frame.pixels();
        float scaleX = (float) frameWidth / width;
        float scaleY = (float) frame.height() / height;
        if (frameWidth % width == 0) {
            resizeRowsByWholeFactor(frame, tensor, frameWidth / width, scaleY);
            return tensor;
        }
        int[] left = new int[width];
        int[] right = new int[width];
        float[] fx = new float[width];
        for (int tx = 0; tx < width; tx++) {
            float sx = Math.max(0f, Math.min(frameWidth - 1f, (tx + 0.5f) * scaleX - 0.5f));
            int x0 = (int) Math.floor(sx);
            fx[tx] = sx - x0;
            left[tx] = x0 * 3;
            // At the last column the weight of the right neighbour is 0; repeat the edge.
            right[tx] = Math.min(x0 + 1, frameWidth - 1) * 3;
        }
        for (int ty = 0; ty < height; ty++) {
            float sy = Math.max(0f, Math.min(frame.height() - 1f, (ty + 0.5f) * scaleY - 0.5f));
            int y0 = (int) Math.floor(sy);
            float fy = sy - y0;
            int top = y0 * frameWidth * 3;
            int bottom = Math.min(y0 + 1, frame.height() - 1) * frameWidth * 3;
            int row = ty * width;
            float gy = 1 - fy;
            // BGR in the frame, RGB planes in the tensor; channels written out, no loop.
            for (int tx = 0; tx < width; tx++) {
                int i = row + tx;
                float wx = fx[tx];
                float gx = 1 - wx;
                int a = top + left[tx];
                int b = top + right[tx];
                int c = bottom + left[tx];
                int d = bottom + right[tx];
                float upperR = gx * (pixels[a + 2] & 0xFF) + wx * (pixels[b + 2] & 0xFF);
                float lowerR = gx * (pixels[c + 2] & 0xFF) + wx * (pixels[d + 2] & 0xFF);
                float upperG = gx * (pixels[a + 1] & 0xFF) + wx * (pixels[b + 1] & 0xFF);
                float lowerG = gx * (pixels[c + 1] & 0xFF) + wx * (pixels[d + 1] & 0xFF);
                float upperB = gx * (pixels[a] & 0xFF) + wx * (pixels[b] & 0xFF);
                float lowerB = gx * (pixels[c] & 0xFF) + wx * (pixels[d] & 0xFF);
                // x / 128 and x * (1 / 128) are the same float: 128 is a power of two.
                tensor[i] = (gy * upperR + fy * lowerR - 127f) * INVERSE_128;
                tensor[i + plane] = (gy * upperG + fy * lowerG - 127f) * INVERSE_128;
                tensor[i + 2 * plane] = (gy * upperB + fy * lowerB - 127f) * INVERSE_128;
            }
        }
        return tensor;
    }

    /**
     * {@link #apply} where the frame is exactly {@code factor} times the tensor's width (1280 or
     * 1920 to 640), with the same result to the bit: along x every sample falls on a pixel (odd
     * factor, weight 0) or halfway between two (even factor, weight 1/2), so the horizontal step is
     * half the sum of two bytes (exact in a float, as {@code gx * a + wx * b} is); the vertical
     * step is the general one. No per-column weights and half the multiplications.
     */
    private void resizeRowsByWholeFactor(BgrImage frame, float[] tensor, int factor, float scaleY) {
        int plane = width * height;
        int frameWidth = frame.width();
        byte[] pixels = frame.pixels();
        // The left pixel of each sample: x0 = factor * tx + (factor - 1) / 2.
        int first = (factor - 1) / 2;
        // Odd factor: the right neighbour's weight is 0; half of the pixel twice is the pixel.
        int right = factor % 2 == 0 ? 3 : 0;
        int step = 3 * factor;
        for (int ty = 0; ty < height; ty++) {
            float sy = Math.max(0f, Math.min(frame.height() - 1f, (ty + 0.5f) * scaleY - 0.5f));
            int y0 = (int) Math.floor(sy);
            float fy = sy - y0;
            float gy = 1 - fy;
            int top = y0 * frameWidth * 3 + 3 * first;
            int bottom = Math.min(y0 + 1, frame.height() - 1) * frameWidth * 3 + 3 * first;
            int i = ty * width;
            for (int tx = 0; tx < width; tx++, i++, top += step, bottom += step) {
                float upperR = 0.5f * ((pixels[top + 2] & 0xFF) + (pixels[top + right + 2] & 0xFF));
                float lowerR =
                        0.5f * ((pixels[bottom + 2] & 0xFF) + (pixels[bottom + right + 2] & 0xFF));
                float upperG = 0.5f * ((pixels[top + 1] & 0xFF) + (pixels[top + right + 1] & 0xFF));
                float lowerG =
                        0.5f * ((pixels[bottom + 1] & 0xFF) + (pixels[bottom + right + 1] & 0xFF));
                float upperB = 0.5f * ((pixels[top] & 0xFF) + (pixels[top + right] & 0xFF));
                float lowerB = 0.5f * ((pixels[bottom] & 0xFF) + (pixels[bottom + right] & 0xFF));
                tensor[i] = (gy * upperR + fy * lowerR - 127f) * INVERSE_128;
                tensor[i + plane] = (gy * upperG + fy * lowerG - 127f) * INVERSE_128;
                tensor[i + 2 * plane] = (gy * upperB + fy * lowerB - 127f) * INVERSE_128;
            }
        }
    }
}
