package io.headcount.inference.attributes;

import java.io.Serializable;

/**
 * A whole frame resized by a {@link FrameResize}: the mask model's input, made ahead of time (on
 * the decoding thread) so the models' thread does not.
 *
 * @param data planar R, G, B floats {@code (x - 127) / 128}, {@code 3 * height * width}, NCHW
 * @param width tensor W
 * @param height tensor H
 */
public record ResizedFrame(float[] data, int width, int height) implements Serializable {}
