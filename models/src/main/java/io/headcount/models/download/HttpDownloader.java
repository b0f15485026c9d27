package io.headcount.models.download;

import io.headcount.core.FileDigests;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Downloads one pinned file: into {@code .<name>.part} next to the target, resuming a part file
 * left by an interrupted run with an HTTP range request, then checks size and SHA-256 and only then
 * moves it into place atomically. A reader never sees a partial or unverified model file.
 */
public final class HttpDownloader {

    /** Suffix of the temporary file a download writes before it is verified. */
    public static final String PART_SUFFIX = ".part";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);
    private static final int REPORT_EVERY_BYTES = 256 * 1024;

    /** A transfer that delivers no byte for this long is given up (and can be resumed). */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client;
    private final Duration stallTimeout;

    public HttpDownloader() {
        this(DEFAULT_STALL_TIMEOUT);
    }

    public HttpDownloader(Duration stallTimeout) {
        this.client =
                HttpClient.newBuilder()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build();
        this.stallTimeout = stallTimeout;
    }

    /** The temporary file a download of {@code target} writes to. */
    public static Path partFile(Path target) {
        return target.resolveSibling("." + target.getFileName() + PART_SUFFIX);
    }

    /**
     * Downloads {@code url} to {@code target}.
     *
     * @throws ModelProvisioningException naming the URL and what went wrong (unreachable host, HTTP
     *     status, size or checksum mismatch)
     */
    public void download(
            URI url,
            Path target,
            long expectedBytes,
            String expectedSha256,
            ProvisioningListener listener) {
        Path part = partFile(target);
        String file = target.getFileName().toString();
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            long have = Files.isRegularFile(part) ? Files.size(part) : 0;
            if (have > expectedBytes) {
                Files.delete(part);
                have = 0;
            }
            if (have < expectedBytes) {
                if (have > 0) {
                    listener.step("resuming " + file + " at byte " + have + " of " + expectedBytes);
                }
                fetch(url, part, have, expectedBytes, file, listener);
            }
            verify(url, part, expectedBytes, expectedSha256);
            moveIntoPlace(part, target);
        } catch (HttpTimeoutException e) {
            throw new ModelProvisioningException(
                    "timed out downloading " + url + "; run the command again to resume", e);
        } catch (ConnectException e) {
            throw unreachable(url, e);
        } catch (IOException e) {
            if (e.getCause() instanceof java.nio.channels.UnresolvedAddressException
                    || e instanceof java.net.UnknownHostException) {
                throw unreachable(url, e);
            }
            throw new ModelProvisioningException(
                    "downloading " + url + " to " + target + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelProvisioningException("interrupted downloading " + url, e);
        }
    }

    private void fetch(
            URI url,
            Path part,
            long offset,
            long expectedBytes,
            String file,
            ProvisioningListener listener)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET();
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response =
                client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            boolean append;
            if (status == 206 && offset > 0) {
                append = true;
            } else if (status == 200) {
                // A server that ignores the range sends the whole file: start over.
                append = false;
                offset = 0;
            } else if (status == 416 && offset > 0) {
                // The part file does not fit the server's file; drop it so the next run restarts.
                Files.deleteIfExists(part);
                throw new ModelProvisioningException(
                        "the server refused to resume "
                                + url
                                + " (HTTP 416); the partial file was removed, run again");
            } else {
                throw new ModelProvisioningException(
                        "HTTP " + status + " from " + url + " (expected 200)");
            }
            copyWatched(url, body, part, append, offset, expectedBytes, file, listener);
        }
    }

    /**
     * Copies the body while a watchdog closes it when no byte arrives for the stall timeout: the
     * HTTP client's own timeout ends with the response headers, and a stalled body would hang.
     */
    private void copyWatched(
            URI url,
            InputStream body,
            Path part,
            boolean append,
            long offset,
            long expectedBytes,
            String file,
            ProvisioningListener listener)
            throws IOException {
        AtomicLong lastData = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        ScheduledExecutorService watchdog =
                Executors.newSingleThreadScheduledExecutor(
                        task -> {
                            Thread thread = new Thread(task, "download-watchdog");
                            thread.setDaemon(true);
                            return thread;
                        });
        long checkMillis = Math.max(50, stallTimeout.toMillis() / 10);
        watchdog.scheduleWithFixedDelay(
                () -> {
                    if (System.nanoTime() - lastData.get() > stallTimeout.toNanos()
                            && stalled.compareAndSet(false, true)) {
                        try {
                            body.close();
                        } catch (IOException e) {
                            // Closing is all that matters here.
                        }
                    }
                },
                checkMillis,
                checkMillis,
                TimeUnit.MILLISECONDS);
        InputStream watched =
                new FilterInputStream(body) {
                    @Override
                    public int read(byte[] buffer, int from, int length) throws IOException {
                        int read = super.read(buffer, from, length);
                        lastData.set(System.nanoTime());
                        return read;
                    }
                };
        try {
            copy(watched, part, append, offset, expectedBytes, file, listener);
        } catch (IOException e) {
            if (stalled.get()) {
                throw new ModelProvisioningException(
                        "no data from "
                                + url
                                + " for "
                                + stallTimeout.toSeconds()
                                + " s; the partial file is kept, run again to resume",
                        e);
            }
            throw e;
        } finally {
            watchdog.shutdownNow();
        }
        if (stalled.get()) {
            throw new ModelProvisioningException(
                    "no data from "
                            + url
                            + " for "
                            + stallTimeout.toSeconds()
                            + " s; the partial file is kept, run again to resume");
        }
    }

    private static void copy(
            InputStream body,
            Path part,
            boolean append,
            long offset,
            long expectedBytes,
            String file,
            ProvisioningListener listener)
            throws IOException {
        StandardOpenOption mode =
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (OutputStream out =
                Files.newOutputStream(
                        part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            byte[] buffer = new byte[1 << 16];
            long done = offset;
            long reported = done;
            listener.progress(file, done, expectedBytes);
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                out.write(buffer, 0, read);
                done += read;
                if (done > expectedBytes) {
                    break;
                }
                if (done - reported >= REPORT_EVERY_BYTES) {
                    listener.progress(file, done, expectedBytes);
                    reported = done;
                }
            }
            listener.progress(file, done, expectedBytes);
        }
    }

    private static void verify(URI url, Path part, long expectedBytes, String expectedSha256)
            throws IOException {
        long size = Files.size(part);
        if (size != expectedBytes) {
            if (size > expectedBytes) {
                Files.delete(part);
            }
            throw new ModelProvisioningException(
                    "download of "
                            + url
                            + " has "
                            + size
                            + " bytes, expected "
                            + expectedBytes
                            + (size > expectedBytes
                                    ? "; the file was removed: the server sends another file"
                                    : "; the partial file is kept, run again to resume"));
        }
        String sha256 = FileDigests.sha256(part);
        if (!sha256.equals(expectedSha256)) {
            Files.delete(part);
            throw new ModelProvisioningException(
                    "download of "
                            + url
                            + " has SHA-256 "
                            + sha256
                            + ", expected "
                            + expectedSha256
                            + "; the file was removed. The source no longer serves the pinned"
                            + " file (or the transfer was corrupted)");
        }
    }

    /**
     * Moves a verified part file over {@code target}, atomically where the file system can: a
     * reader never sees half a model. Converted and copied files take the same way.
     */
    public static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(
                    part,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static ModelProvisioningException unreachable(URI url, Exception e) {
        return new ModelProvisioningException(
                "cannot reach "
                        + url.getHost()
                        + " to download "
                        + url
                        + " ("
                        + e
                        + "). Without network access, copy the model files into the model folder"
                        + " (or use --from DIR / --mirror URL) and run `headcount models verify`",
                e);
    }
}
