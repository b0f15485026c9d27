package io.headcount.ingest.source;

import io.headcount.core.jpeg.JpegMarkers;
import io.headcount.ingest.image.DecodedImage;
import io.headcount.ingest.image.Downscale;
import io.headcount.ingest.image.ImageDecoder;
import io.headcount.ingest.image.JpegEncoder;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MJPEG camera over HTTP: a {@code multipart/x-mixed-replace} response whose parts are JPEGs.
 *
 * <p>A reader thread reads parts as fast as the camera sends them. With a rate, it keeps only the
 * latest part and {@link #next()} takes at most {@code fps} frames per second, each newer than the
 * one before; without one, it queues up to {@value #QUEUE_WITHOUT_RATE} parts and {@link #next()}
 * takes them all in order. A part replaced or pushed out before it was taken counts as {@link
 * #dropped()}: the camera sends faster than the configured rate, or than the gateway publishes.
 * Frames are stamped with the wall clock when they arrived.
 *
 * <p>An unreachable camera, an HTTP error, a response that is not multipart, silence longer than
 * the timeout, and the end of the stream throw {@link SourceUnavailableException}: the gateway
 * reconnects with backoff. A part that is not a readable image is skipped and counted.
 */
public final class MjpegHttpSource implements FrameSource {

    private static final Logger LOG = LoggerFactory.getLogger(MjpegHttpSource.class);

    /** Parts larger than this are not frames (or a broken stream). */
    private static final int MAX_PART_BYTES = 16 * 1024 * 1024;

    static final int QUEUE_WITHOUT_RATE = 16;

    /**
     * @param fps at most this many frames per second are taken; 0 takes every part
     * @param maxSide downscale larger frames to this longer side; 0 for none
     * @param jpegQuality quality of re-encoded frames
     * @param timeout connect and read timeout
     */
    public record Options(double fps, int maxSide, float jpegQuality, Duration timeout) {}

    private record Part(byte[] bytes, Instant arrived, long number) {}

    private final URI uri;
    private final Options options;
    private final HttpURLConnection connection;
    private final InputStream body;
    private final byte[] boundary;
    private final Thread reader;
    private final Object lock = new Object();
    private final AtomicLong received = new AtomicLong();
    private final java.util.ArrayDeque<Part> parts = new java.util.ArrayDeque<>();
    private RuntimeException failure;
    private long nextSlotNanos = System.nanoTime();
    private long skipped;
    private long dropped;
    private volatile boolean closed;

    private MjpegHttpSource(
            URI uri,
            Options options,
            HttpURLConnection connection,
            InputStream body,
            byte[] boundary) {
        this.uri = uri;
        this.options = options;
        this.connection = connection;
        this.body = body;
        this.boundary = boundary;
        this.reader = new Thread(this::readParts, "mjpeg-" + uri.getHost() + ":" + uri.getPort());
        this.reader.setDaemon(true);
    }

    /**
     * Connects and checks the response.
     *
     * @throws SourceUnavailableException if the camera cannot be reached or does not send MJPEG
     */
    public static MjpegHttpSource open(URI uri, Options options) {
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) options.timeout().toMillis());
            connection.setReadTimeout((int) options.timeout().toMillis());
            connection.setRequestProperty("Accept", "multipart/x-mixed-replace, image/jpeg");
            int status = connection.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                connection.disconnect();
                throw new SourceUnavailableException(
                        "MJPEG camera " + uri + " answered HTTP " + status);
            }
        } catch (IOException e) {
            throw new SourceUnavailableException("cannot reach MJPEG camera " + uri + ": " + e, e);
        }
        String type = String.valueOf(connection.getContentType());
        String boundary = boundaryOf(type);
        if (!type.toLowerCase(Locale.ROOT).startsWith("multipart/") || boundary == null) {
            connection.disconnect();
            throw new SourceUnavailableException(
                    "MJPEG camera "
                            + uri
                            + " sent "
                            + type
                            + ", not multipart/x-mixed-replace with a boundary");
        }
        try {
            InputStream body = new BufferedInputStream(connection.getInputStream(), 64 * 1024);
            MjpegHttpSource source =
                    new MjpegHttpSource(
                            uri,
                            options,
                            connection,
                            body,
                            ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1));
            source.reader.start();
            return source;
        } catch (IOException e) {
            connection.disconnect();
            throw new SourceUnavailableException("cannot read MJPEG camera " + uri + ": " + e, e);
        }
    }

    /** The {@code boundary} parameter of a content type, without quotes or leading dashes. */
    static String boundaryOf(String contentType) {
        for (String parameter : contentType.split(";")) {
            String p = parameter.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String value = p.substring("boundary=".length()).trim();
                if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
                    value = value.substring(1, value.length() - 1);
                }
                while (value.startsWith("--")) { // some cameras put the dashes in the header too
                    value = value.substring(2);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    private void readParts() {
        try {
            while (!closed) {
                byte[] part = readPart();
                Part next = new Part(part, Instant.now(), received.incrementAndGet());
                synchronized (lock) {
                    if (parts.size() >= (options.fps() > 0 ? 1 : QUEUE_WITHOUT_RATE)) {
                        parts.removeFirst();
                        dropped++;
                    }
                    parts.addLast(next);
                    lock.notifyAll();
                }
            }
        } catch (IOException | RuntimeException e) {
            synchronized (lock) {
                failure =
                        closed
                                ? null
                                : new SourceUnavailableException(
                                        "MJPEG camera " + uri + " failed: " + e, e);
                lock.notifyAll();
            }
        }
    }

    /** Reads up to and including the next part's body. */
    private byte[] readPart() throws IOException {
        if (ended) {
            throw new EOFException("the camera ended the stream");
        }
        // Preamble or the end of the previous part, up to the boundary line.
        String line;
        do {
            line = readLine();
        } while (!line.startsWith(new String(boundary, StandardCharsets.ISO_8859_1)));
        if (line.endsWith("--")) {
            throw new EOFException("the camera closed the multipart stream");
        }
        int length = -1;
        while (!(line = readLine()).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        if (length > MAX_PART_BYTES) {
            throw new IOException("part of " + length + " bytes is larger than " + MAX_PART_BYTES);
        }
        return length >= 0 ? body.readNBytes(length) : readUntilBoundary();
    }

    /** Without a Content-Length: the body ends with CRLF before the next boundary line. */
    private byte[] readUntilBoundary() throws IOException {
        byte[] delimiter = new byte[boundary.length + 2];
        delimiter[0] = '\r';
        delimiter[1] = '\n';
        System.arraycopy(boundary, 0, delimiter, 2, boundary.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        int matched = 0;
        while (true) {
            int b = body.read();
            if (b < 0) {
                // The camera closed the connection after a whole image, without a last boundary.
                byte[] all = out.toByteArray();
                int end = all.length;
                while (end > 0 && (all[end - 1] == '\r' || all[end - 1] == '\n')) {
                    end--;
                }
                if (end >= 2 && (all[end - 2] & 0xFF) == 0xFF && (all[end - 1] & 0xFF) == 0xD9) {
                    ended = true;
                    return java.util.Arrays.copyOf(all, end);
                }
                throw new EOFException("the stream ended inside a part");
            }
            out.write(b);
            matched = b == delimiter[matched] ? matched + 1 : (b == delimiter[0] ? 1 : 0);
            if (matched == delimiter.length) {
                byte[] all = out.toByteArray();
                pendingBoundary =
                        true; // consumed here; readLine gives it back to the next readPart

                return java.util.Arrays.copyOf(all, all.length - delimiter.length);
            }
            if (out.size() > MAX_PART_BYTES) {
                throw new IOException(
                        "part larger than " + MAX_PART_BYTES + " bytes without a boundary");
            }
        }
    }

    /** The stream ended right after the last part. */
    private boolean ended;

    /** The reader consumed the boundary that ends a part without Content-Length. */
    private boolean pendingBoundary;

    private String readLine() throws IOException {
        if (pendingBoundary) {
            pendingBoundary = false;
            String rest = readRawLine();
            return new String(boundary, StandardCharsets.ISO_8859_1) + rest;
        }
        return readRawLine();
    }

    private String readRawLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = body.read();
            if (b < 0) {
                throw new EOFException("the camera ended the stream");
            }
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > 8192) {
                throw new IOException("header line longer than 8 KiB: not an MJPEG stream");
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public Optional<SourceFrame> next() {
        while (true) {
            Part part = take();
            try {
                return Optional.of(toFrame(part));
            } catch (IOException e) {
                skipped++;
                LOG.warn(
                        "Skipping unreadable part {} of MJPEG camera {}: {}",
                        part.number(),
                        uri,
                        e.getMessage());
            }
        }
    }

    /** Waits for the next slot and for a part newer than the last one taken. */
    private Part take() {
        if (options.fps() > 0) {
            long wait = nextSlotNanos - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SourceUnavailableException(
                            "interrupted while waiting for MJPEG camera " + uri, e);
                }
            }
        }
        synchronized (lock) {
            while (!closed && failure == null && parts.isEmpty()) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SourceUnavailableException(
                            "interrupted while waiting for MJPEG camera " + uri, e);
                }
            }
            if (closed) {
                throw new IllegalStateException("closed: " + describe());
            }
            if (parts.isEmpty()) {
                throw failure;
            }
            if (options.fps() > 0) {
                long interval = (long) (1e9 / options.fps());
                nextSlotNanos = Math.max(nextSlotNanos + interval, System.nanoTime() - interval);
            }
            return parts.removeFirst();
        }
    }

    private SourceFrame toFrame(Part part) throws IOException {
        DecodedImage image = ImageDecoder.decode(part.bytes());
        boolean fits =
                options.maxSide() == 0
                        || Math.max(image.width(), image.height()) <= options.maxSide();
        String origin = uri + "#" + part.number();
        if (fits && image.isJpeg() && JpegMarkers.isBaseline(part.bytes())) {
            return new SourceFrame(
                    part.bytes(), image.width(), image.height(), origin, part.arrived());
        }
        BufferedImage pixels =
                fits ? image.pixels() : Downscale.toMaxSide(image.pixels(), options.maxSide());
        return new SourceFrame(
                JpegEncoder.encode(pixels, options.jpegQuality()),
                pixels.getWidth(),
                pixels.getHeight(),
                origin,
                part.arrived());
    }

    /** Parts received from the camera so far. */
    public long received() {
        return received.get();
    }

    @Override
    public long skipped() {
        return skipped;
    }

    @Override
    public long dropped() {
        synchronized (lock) {
            return dropped;
        }
    }

    @Override
    public boolean closableFromAnyThread() {
        return true;
    }

    @Override
    public String describe() {
        return "MJPEG camera "
                + uri
                + (options.fps() > 0 ? " (at most " + options.fps() + " fps)" : "");
    }

    /** Closes the connection; unblocks the reader and a waiting {@link #next()}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            body.close();
        } catch (IOException e) {
            LOG.debug("Closing {} failed", uri, e);
        }
        connection.disconnect();
    }
}
