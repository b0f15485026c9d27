package io.headcount.ingest.source;

/**
 * How an {@link ImageFolderSource} turns files into frames.
 *
 * @param loop start again from the first file after the last one (a camera that never ends)
 * @param maxSide downscale images whose longer side exceeds this many pixels, keeping the aspect
 *     ratio; 0 sends images at their own size. Images are never enlarged.
 * @param jpegQuality JPEG quality (0 to 1] used when a frame has to be re-encoded: PNGs, resized or
 *     non-baseline JPEGs
 */
public record ImageFolderOptions(boolean loop, int maxSide, float jpegQuality) {

    public static final float DEFAULT_JPEG_QUALITY = 0.85f;

    public ImageFolderOptions {
        if (maxSide < 0) {
            throw new IllegalArgumentException(
                    "maxSide must be 0 (no limit) or positive, got " + maxSide);
        }
        if (!(jpegQuality > 0f && jpegQuality <= 1f)) {
            throw new IllegalArgumentException("jpegQuality must be in (0, 1], got " + jpegQuality);
        }
    }

    /**
     * Every file once, at its own size, re-encoding at {@link #DEFAULT_JPEG_QUALITY} when needed.
     */
    public static ImageFolderOptions defaults() {
        return new ImageFolderOptions(false, 0, DEFAULT_JPEG_QUALITY);
    }

    public ImageFolderOptions withLoop(boolean newLoop) {
        return new ImageFolderOptions(newLoop, maxSide, jpegQuality);
    }

    public ImageFolderOptions withMaxSide(int newMaxSide) {
        return new ImageFolderOptions(loop, newMaxSide, jpegQuality);
    }

    public ImageFolderOptions withJpegQuality(float newQuality) {
        return new ImageFolderOptions(loop, maxSide, newQuality);
    }
}
