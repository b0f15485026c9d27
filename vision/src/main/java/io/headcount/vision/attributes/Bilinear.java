package io.headcount.vision.attributes;

import io.headcount.vision.frame.BgrImage;

/** Bilinear sampling of one channel, with black outside the frame. */
final class Bilinear {

    private Bilinear() {}

    /** Channel {@code c} (0 = blue, 1 = green, 2 = red) at the real pixel position (x, y). */
    static float sample(BgrImage frame, float x, float y, int c) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float fx = x - x0;
        float fy = y - y0;
        float top = (1 - fx) * value(frame, x0, y0, c) + fx * value(frame, x0 + 1, y0, c);
        float bottom =
                (1 - fx) * value(frame, x0, y0 + 1, c) + fx * value(frame, x0 + 1, y0 + 1, c);
        return (1 - fy) * top + fy * bottom;
    }

    /**
     * Like {@link #sample} but positions are clamped to the frame (edges repeat, nothing black).
     */
    static float sampleClamped(BgrImage frame, float x, float y, int c) {
        float cx = Math.max(0f, Math.min(frame.width() - 1f, x));
        float cy = Math.max(0f, Math.min(frame.height() - 1f, y));
        return sample(frame, cx, cy, c);
    }

    private static float value(BgrImage frame, int x, int y, int c) {
        if (x < 0 || y < 0 || x >= frame.width() || y >= frame.height()) {
            return 0f;
        }
        return frame.pixels()[(y * frame.width() + x) * 3 + c] & 0xFF;
    }
}
