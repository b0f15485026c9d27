package io.headcount.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SHA-256 digests as lower-case hex (the form the model catalog and MODELS.md use), the one place
 * the project computes them. Digests of files are computed once per process: the model check on
 * start ({@code FirstUse}, {@code models verify}) and the inference job's check at load then share
 * one read of each model file.
 *
 * <p>A digest is reused only while the file is provably the one that was hashed: same real path,
 * size, modification time, change time (where the file system has one; {@code touch} cannot reset
 * it) and file key (the inode). As git does for its index, a file modified less than {@link
 * #RACY_WINDOW} before it was hashed is not remembered: a second write within one timestamp tick
 * could leave every one of those attributes as they were.
 */
public final class FileDigests {

    /** At least the timestamp granularity of any file system we run on (FAT: 2 s). */
    static final Duration RACY_WINDOW = Duration.ofSeconds(2);

    private static final Map<Stamp, String> SHA256 = new ConcurrentHashMap<>();
    private static final AtomicLong BYTES_HASHED = new AtomicLong();

    private FileDigests() {}

    /** The SHA-256 of {@code file}; read and hashed only if this process has not done so yet. */
    public static String sha256(Path file) throws IOException {
        Stamp before = Stamp.of(file);
        String known = SHA256.get(before);
        if (known != null) {
            return known;
        }
        Instant hashedAt = Instant.now();
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
                BYTES_HASHED.addAndGet(read);
            }
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        remember(file, before, hashedAt, sha256);
        return sha256;
    }

    /**
     * The SHA-256 of {@code content}, which the caller has just read whole from {@code file} (to
     * hand it on, say to ONNX Runtime): the remembered digest when the file is unchanged since it
     * was hashed, else computed from {@code content} (and remembered).
     */
    public static String sha256(Path file, byte[] content) throws IOException {
        Stamp now = Stamp.of(file);
        String known = now.size() == content.length ? SHA256.get(now) : null;
        if (known != null) {
            return known;
        }
        Instant hashedAt = Instant.now();
        String sha256 = HexFormat.of().formatHex(newDigest().digest(content));
        BYTES_HASHED.addAndGet(content.length);
        if (now.size() == content.length) {
            remember(file, now, hashedAt, sha256);
        }
        return sha256;
    }

    /** The SHA-256 of {@code bytes} (nothing remembered, nothing counted). */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /** How many bytes this process has hashed here: what the memo saves shows as none added. */
    public static long bytesHashed() {
        return BYTES_HASHED.get();
    }

    private static void remember(Path file, Stamp before, Instant hashedAt, String sha256)
            throws IOException {
        boolean settled = before.lastChange().isBefore(hashedAt.minus(RACY_WINDOW));
        if (settled && Stamp.of(file).equals(before)) {
            SHA256.put(before, sha256);
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** What identifies one version of a file. */
    private record Stamp(
            Path realPath, long size, FileTime modified, FileTime changed, Object fileKey) {

        static Stamp of(Path file) throws IOException {
            Path real = file.toRealPath();
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            return new Stamp(
                    real,
                    attributes.size(),
                    attributes.lastModifiedTime(),
                    changeTime(real),
                    attributes.fileKey());
        }

        /** The later of the modification and change times. */
        Instant lastChange() {
            Instant modifiedAt = modified.toInstant();
            return changed != null && changed.toInstant().isAfter(modifiedAt)
                    ? changed.toInstant()
                    : modifiedAt;
        }

        private static FileTime changeTime(Path file) throws IOException {
            try {
                return (FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                return null; // not a Unix file system: size, mtime and file key still apply
            }
        }
    }
}
