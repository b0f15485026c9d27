package io.headcount.ingest.publish;

import io.headcount.ingest.image.DecodedImage;
import io.headcount.ingest.image.Downscale;
import io.headcount.ingest.image.ImageDecoder;
import io.headcount.ingest.image.JpegEncoder;
import io.headcount.ingest.image.UnreadableImageException;
import io.headcount.schemas.FrameEvent;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;

/**
 * Keeps frames within the frames topic's message size: a larger JPEG is downscaled and re-encoded
 * once, and rejected if it still does not fit. One try only, so that a gateway never spends
 * unbounded time on a frame, and the outcome of every frame is known (sent or rejected).
 *
 * @param maxJpegBytes largest JPEG sent, in bytes
 * @param downscaleQuality JPEG quality of the one re-encoding, in (0, 1]
 * @param minSide the re-encoding never shrinks the longer side below this many pixels: a smaller
 *     frame has no detectable faces left, so it is better rejected (and counted) than sent
 */
public record FrameSizeLimit(int maxJpegBytes, float downscaleQuality, int minSide) {

    public static final float DEFAULT_DOWNSCALE_QUALITY = 0.7f;
    public static final int DEFAULT_MIN_SIDE = 160;

    /**
     * JPEG bytes shrink roughly with the pixel count; aim a little below the limit so that one try
     * usually suffices.
     */
    private static final double SAFETY = 0.9;

    public FrameSizeLimit {
        if (maxJpegBytes <= 0) {
            throw new IllegalArgumentException(
                    "maxJpegBytes must be positive, got " + maxJpegBytes);
        }
        if (!(downscaleQuality > 0f && downscaleQuality <= 1f)) {
            throw new IllegalArgumentException(
                    "downscaleQuality must be in (0, 1], got " + downscaleQuality);
        }
        if (minSide <= 0) {
            throw new IllegalArgumentException("minSide must be positive, got " + minSide);
        }
    }

    public static FrameSizeLimit of(int maxJpegBytes) {
        return new FrameSizeLimit(maxJpegBytes, DEFAULT_DOWNSCALE_QUALITY, DEFAULT_MIN_SIDE);
    }

    public boolean fits(FrameEvent frame) {
        return frame.getJpeg().remaining() <= maxJpegBytes;
    }

    /**
     * The frame itself if it fits, else a copy with a downscaled, re-encoded JPEG and its new size.
     *
     * @throws FrameTooLargeException if the downscaled frame still does not fit, or cannot be
     *     decoded
     */
    public FrameEvent fit(FrameEvent frame) {
        if (fits(frame)) {
            return frame;
        }
        int size = frame.getJpeg().remaining();
        DecodedImage image;
        try {
            image = ImageDecoder.decode(bytesOf(frame.getJpeg()));
        } catch (UnreadableImageException e) {
            throw new FrameTooLargeException(
                    FrameTooLargeException.Reason.UNDECODABLE,
                    frame.getCamera(),
                    frame.getSequence(),
                    size,
                    maxJpegBytes,
                    "it cannot be decoded to downscale it: " + e.getMessage(),
                    e);
        }
        int longer = Math.max(image.width(), image.height());
        int targetSide =
                (int) Math.floor(longer * Math.sqrt((double) maxJpegBytes / size) * SAFETY);
        targetSide = Math.min(longer, Math.max(minSide, targetSide));
        BufferedImage smaller = Downscale.toMaxSide(image.pixels(), targetSide);
        byte[] jpeg = JpegEncoder.encode(smaller, downscaleQuality);
        if (jpeg.length > maxJpegBytes) {
            throw new FrameTooLargeException(
                    FrameTooLargeException.Reason.TOO_LARGE,
                    frame.getCamera(),
                    frame.getSequence(),
                    size,
                    maxJpegBytes,
                    "still has "
                            + jpeg.length
                            + " bytes after one downscale from "
                            + image.width()
                            + "x"
                            + image.height()
                            + " to "
                            + smaller.getWidth()
                            + "x"
                            + smaller.getHeight()
                            + " at quality "
                            + downscaleQuality,
                    null);
        }
        return FrameEvent.newBuilder(frame)
                .setJpeg(ByteBuffer.wrap(jpeg))
                .setWidth(smaller.getWidth())
                .setHeight(smaller.getHeight())
                .build();
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
