package io.headcount.ingest.source.synthetic;

/**
 * Where a person's face is in one frame, clipped to the frame, in pixels.
 *
 * @param person the person's id
 * @param x left
 * @param y top
 * @param width width (less than the face's size where the frame's edge cuts it)
 * @param height height
 */
public record FaceBox(int person, int x, int y, int width, int height) {}
