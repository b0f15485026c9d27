package io.headcount.ingest.source.synthetic;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.List;

/**
 * One composed frame before JPEG encoding, with its ground truth.
 *
 * @param index frame number, 0 first
 * @param time capture time
 * @param image the pixels (owned by the caller)
 * @param boxes the visible faces, in drawing order: a later box covers an earlier one where they
 *     overlap
 */
public record SyntheticFrame(long index, Instant time, BufferedImage image, List<FaceBox> boxes) {}
