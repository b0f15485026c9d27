package io.headcount.inference.attributes;

import io.headcount.inference.frame.BgrImage;

/**
 * The whole frame resized (no letterbox, the aspect ratio changes) to a fixed {@code width x
 * height} and written as planar R, G, B floats {@code (x - 127) / 128}: the UltraFace input
 * (MODELS.md). Boxes come back normalised to 0..1, so the aspect change needs no correction. Pure.
 */
public final class FrameResize {

    private final int width;
    private final int height;

    public FrameResize(int width, int height) {
        this.width = width;
        this.height = height;
    }

    public long[] shape() {
        return new long[] {1, 3, height, width};
    }

    public float[] apply(BgrImage frame) {
        float[] tensor = new float[3 * width * height];
        int plane = width * height;
        float scaleX = (float) frame.width() / width;
        float scaleY = (float) frame.height() / height;
        for (int ty = 0; ty < height; ty++) {
            float sy = (ty + 0.5f) * scaleY - 0.5f;
            for (int tx = 0; tx < width; tx++) {
                float sx = (tx + 0.5f) * scaleX - 0.5f;
                int i = ty * width + tx;
                tensor[i] = (Bilinear.sampleClamped(frame, sx, sy, 2) - 127f) / 128f;
                tensor[i + plane] = (Bilinear.sampleClamped(frame, sx, sy, 1) - 127f) / 128f;
                tensor[i + 2 * plane] = (Bilinear.sampleClamped(frame, sx, sy, 0) - 127f) / 128f;
            }
        }
        return tensor;
    }
}
