package io.headcount.ingest.source;

import io.headcount.ingest.image.Downscale;
import io.headcount.ingest.image.JpegEncoder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frames of a video file (MP4/H.264, and whatever else FFmpeg decodes) or an RTSP stream,
 * decoded with FFmpeg (JavaCV's {@link FFmpegFrameGrabber}), sampled at the configured rate,
 * resized and JPEG-encoded.
 *
 * <p>Sampling: with rate {@code r}, the frame kept for slot {@code k} is the first decoded frame
 * whose timestamp is at or after {@code k / r} (less 1 ms for timestamp rounding); slots a kept
 * frame already passed are not filled twice. A file's frames are stamped {@code start + timestamp}
 * (a loop goes on from the end of the previous pass); a stream's frames with the wall clock when
 * decoded.
 *
 * <p>A file that cannot be opened, a decoding error and a stream that ends or stalls throw {@link
 * SourceUnavailableException}: the gateway reopens them with backoff.
 */
public final class VideoFileSource implements FrameSource {

    private static final Logger LOG = LoggerFactory.getLogger(VideoFileSource.class);
    private static final long TOLERANCE_MICROS = 1_000;

    static {
        // FFmpeg's own messages would go to stderr unfiltered; errors still reach us as exceptions.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final String location;
    private final boolean live;
    private final VideoOptions options;
    private final FFmpegFrameGrabber grabber;
    private final Java2DFrameConverter converter = new Java2DFrameConverter();
    private final double nativeFps;
    private final long lengthMicros;
    private final int nativeFrames;
    private long nextSlot;
    private long passOffsetMicros;

    /** Latest timestamp decoded in this pass, kept or not: where the next pass of a loop starts. */
    private long lastTimestamp = -1;

    private boolean framesInThisPass;
    private volatile boolean closed;

    private VideoFileSource(
            String location, boolean live, VideoOptions options, FFmpegFrameGrabber grabber) {
        this.location = location;
        this.live = live;
        this.options = options;
        this.grabber = grabber;
        this.nativeFps = grabber.getFrameRate();
        this.lengthMicros = grabber.getLengthInTime();
        this.nativeFrames = grabber.getLengthInVideoFrames();
    }

    /**
     * Opens a video file.
     *
     * @throws SourceUnavailableException if it is missing or FFmpeg cannot open it
     */
    public static VideoFileSource open(Path file, VideoOptions options) {
        if (!Files.isRegularFile(file)) {
            throw new SourceUnavailableException("no such video file: " + file);
        }
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        return start(file.toString(), false, options, grabber);
    }

    /**
     * Opens an RTSP (or other FFmpeg-readable live) stream, over TCP.
     *
     * @throws SourceUnavailableException if it cannot be reached within the options' timeout
     */
    public static VideoFileSource openStream(String url, VideoOptions options) {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url);
        if (url.startsWith("rtsp:")) {
            grabber.setOption("rtsp_transport", "tcp");
        }
        // Socket timeout in microseconds: a stalled stream fails instead of blocking forever.
        grabber.setOption(
                "timeout",
                Long.toString(TimeUnit.NANOSECONDS.toMicros(options.timeout().toNanos())));
        return start(url, true, options, grabber);
    }

    private static VideoFileSource start(
            String location, boolean live, VideoOptions options, FFmpegFrameGrabber grabber) {
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(grabber);
            throw new SourceUnavailableException(
                    "cannot open video " + location + ": " + e.getMessage(), e);
        }
        if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            release(grabber);
            throw new SourceUnavailableException("no video stream in " + location);
        }
        return new VideoFileSource(location, live, options, grabber);
    }

    /** The video's own frame rate, as the container states it. */
    public double nativeFramesPerSecond() {
        return nativeFps;
    }

    /**
     * Synchronized with {@link #close()}: freeing FFmpeg's context during a decode would crash the
     * JVM.
     */
    @Override
    public synchronized Optional<SourceFrame> next() {
        if (closed) {
            throw new IllegalStateException("closed: " + describe());
        }
        while (true) {
            Frame frame = grab();
            if (frame == null) {
                if (live) {
                    throw new SourceUnavailableException("stream " + location + " ended");
                }
                if (!options.loop() || !framesInThisPass) {
                    return Optional.empty();
                }
                rewind();
                continue;
            }
            long timestamp = frame.timestamp;
            lastTimestamp = Math.max(lastTimestamp, timestamp);
            if (!keep(timestamp)) {
                continue;
            }
            framesInThisPass = true;
            BufferedImage image = converter.getBufferedImage(frame);
            if (image == null) {
                continue;
            }
            BufferedImage sized =
                    options.maxSide() > 0
                                    && Math.max(image.getWidth(), image.getHeight())
                                            > options.maxSide()
                            ? Downscale.toMaxSide(image, options.maxSide())
                            : image;
            byte[] jpeg = JpegEncoder.encode(sized, options.jpegQuality());
            Instant captureTime =
                    live
                            ? Instant.now()
                            : options.start()
                                    .plus(
                                            passOffsetMicros + Math.max(0, timestamp),
                                            java.time.temporal.ChronoUnit.MICROS);
            return Optional.of(
                    new SourceFrame(
                            jpeg,
                            sized.getWidth(),
                            sized.getHeight(),
                            location + "@" + timestamp + "us",
                            captureTime));
        }
    }

    private Frame grab() {
        try {
            return grabber.grabImage();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            if (closed) {
                throw new IllegalStateException("closed: " + describe());
            }
            throw new SourceUnavailableException(
                    "cannot decode " + location + ": " + e.getMessage(), e);
        }
    }

    /** Whether the frame at {@code timestamp} fills the next sampling slot. */
    private boolean keep(long timestamp) {
        if (options.framesPerSecond() == 0) {
            return true;
        }
        double intervalMicros = 1e6 / options.framesPerSecond();
        if (timestamp + TOLERANCE_MICROS < Math.round(nextSlot * intervalMicros)) {
            return false;
        }
        nextSlot = (long) Math.floor((timestamp + TOLERANCE_MICROS) / intervalMicros) + 1;
        return true;
    }

    private void rewind() {
        // The next pass starts one frame after the last frame of this one.
        long frameMicros = Math.round(1e6 / (nativeFps > 0 ? nativeFps : 25));
        passOffsetMicros += lastTimestamp + frameMicros;
        nextSlot = 0;
        lastTimestamp = -1;
        framesInThisPass = false;
        try {
            grabber.setTimestamp(0);
        } catch (FrameGrabber.Exception e) {
            throw new SourceUnavailableException(
                    "cannot rewind " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean replayable() {
        return !live;
    }

    @Override
    public long skipped() {
        return 0;
    }

    /**
     * A file played once: an estimate for the progress line (FFmpeg's frame count is the
     * container's duration times its rate, which counts an audio track longer than the video).
     */
    @Override
    public OptionalLong totalFrames() {
        if (live || options.loop()) {
            return OptionalLong.empty();
        }
        if (options.framesPerSecond() == 0 || options.framesPerSecond() >= nativeFps) {
            return OptionalLong.of(Math.max(0, nativeFrames));
        }
        return OptionalLong.of((long) Math.ceil(lengthMicros / 1e6 * options.framesPerSecond()));
    }

    @Override
    public boolean closableFromAnyThread() {
        return true;
    }

    @Override
    public String describe() {
        return (live ? "video stream " : "video file ")
                + location
                + " ("
                + grabber.getImageWidth()
                + "x"
                + grabber.getImageHeight()
                + " at "
                + String.format(java.util.Locale.ROOT, "%.2f", nativeFps)
                + " fps"
                + (options.framesPerSecond() > 0
                        ? ", sampled at " + options.framesPerSecond() + " fps"
                        : "")
                + (options.maxSide() > 0 ? ", max side " + options.maxSide() : "")
                + (options.loop() ? ", looping" : "")
                + ")";
    }

    /** Waits for a decode in progress (a stream's is bounded by the timeout). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        converter.close();
        release(grabber);
    }

    private static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.debug("Closing the grabber failed", e);
        }
    }
}
