package io.headcount.ingest.gateway;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The acknowledged position of each finite camera, kept in a small properties file so that a
 * restarted gateway resumes instead of starting over:
 *
 * <pre>
 * cam-1.next=120                          # frames 0..119 are acknowledged by the broker
 * cam-1.start=2026-11-27T10:00:00Z        # capture time of frame 0, so resumed frames keep their times
 * cam-2.finished=true                     # published to the end, end-of-stream acknowledged
 * </pre>
 *
 * Acknowledgements arrive in sequence order (one partition per camera, an idempotent producer), so
 * the position is the last acknowledged sequence plus one. The file is rewritten (atomically) by
 * {@link #save()}: every second while the gateway runs and once after it flushed at shutdown.
 */
public final class Checkpoint {

    private final Path file;
    private final Map<String, Long> next = new ConcurrentHashMap<>();
    private final Map<String, Instant> starts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> finished = new ConcurrentHashMap<>();
    private volatile boolean dirty;

    private Checkpoint(Path file) {
        this.file = file;
    }

    /** Reads {@code file} if it exists; an empty checkpoint otherwise. */
    public static Checkpoint open(Path file) {
        Checkpoint checkpoint = new Checkpoint(file);
        if (Files.exists(file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read checkpoint " + file, e);
            }
            for (String key : properties.stringPropertyNames()) {
                String value = properties.getProperty(key).trim();
                try {
                    if (key.endsWith(".next")) {
                        checkpoint.next.put(camera(key), Long.parseLong(value));
                    } else if (key.endsWith(".start")) {
                        checkpoint.starts.put(camera(key), Instant.parse(value));
                    } else if (key.endsWith(".finished") && Boolean.parseBoolean(value)) {
                        checkpoint.finished.put(camera(key), true);
                    }
                } catch (RuntimeException e) {
                    throw new ConfigException(
                            "checkpoint " + file + ": bad value for " + key + ": " + value, e);
                }
            }
        }
        return checkpoint;
    }

    public Path file() {
        return file;
    }

    /** Frames of {@code camera} already acknowledged: where it resumes. */
    public long position(String camera) {
        return next.getOrDefault(camera, 0L);
    }

    public Instant start(String camera) {
        return starts.get(camera);
    }

    public boolean finished(String camera) {
        return finished.getOrDefault(camera, false);
    }

    public void started(String camera, Instant start) {
        starts.put(camera, start);
        dirty = true;
    }

    /** The broker acknowledged frame {@code sequence}; from the producer's I/O thread. */
    public void acknowledged(String camera, long sequence) {
        next.merge(camera, sequence + 1, Math::max);
        dirty = true;
    }

    public void markFinished(String camera) {
        finished.put(camera, true);
        dirty = true;
    }

    /** Writes the file if anything changed since the last save. */
    public synchronized void save() {
        if (!dirty) {
            return;
        }
        dirty = false;
        Properties properties = new Properties();
        next.forEach((camera, n) -> properties.setProperty(camera + ".next", Long.toString(n)));
        starts.forEach(
                (camera, start) -> properties.setProperty(camera + ".start", start.toString()));
        finished.forEach(
                (camera, done) ->
                        properties.setProperty(camera + ".finished", Boolean.toString(done)));
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                properties.store(
                        writer, "headcount gateway checkpoint: acknowledged frames per camera");
            }
            try {
                Files.move(
                        temp,
                        file,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            dirty = true;
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    private static String camera(String key) {
        return key.substring(0, key.lastIndexOf('.'));
    }
}
