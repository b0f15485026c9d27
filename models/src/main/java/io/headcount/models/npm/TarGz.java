package io.headcount.models.npm;

import io.headcount.models.download.ModelProvisioningException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads chosen files from a {@code .tgz} (the format npm packages use): ustar headers of 512 bytes,
 * file data padded to 512. Nothing is written to disk.
 */
public final class TarGz {

    private static final int BLOCK = 512;

    private TarGz() {}

    /** The contents of the {@code wanted} entries (paths as in the archive, e.g. package/x). */
    public static Map<String, byte[]> read(Path archive, Set<String> wanted) {
        Map<String, byte[]> found = new HashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (readFully(in, header)) {
                if (isZeroBlock(header)) {
                    break;
                }
                String name = longName != null ? longName : name(header);
                longName = null;
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                if (type == 'L') {
                    // GNU long name: the next entry's name is this entry's data.
                    longName = new String(readBytes(in, size), StandardCharsets.UTF_8).trim();
                    skip(in, padded - size);
                } else if ((type == '0' || type == 0) && wanted.contains(name)) {
                    found.put(name, readBytes(in, size));
                    skip(in, padded - size);
                } else {
                    skip(in, padded);
                }
            }
        } catch (IOException e) {
            throw new ModelProvisioningException("cannot read archive " + archive + ": " + e, e);
        }
        return found;
    }

    private static String name(byte[] header) {
        String name = cString(header, 0, 100);
        String prefix = cString(header, 345, 155);
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] bytes, int offset, int length) {
        String text = cString(bytes, offset, length).trim();
        return text.isEmpty() ? 0 : Long.parseLong(text, 8);
    }

    private static boolean isZeroBlock(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readFully(InputStream in, byte[] block) throws IOException {
        int read = in.readNBytes(block, 0, block.length);
        if (read == 0) {
            return false;
        }
        if (read < block.length) {
            throw new IOException("truncated tar header");
        }
        return true;
    }

    private static byte[] readBytes(InputStream in, long size) throws IOException {
        byte[] data = in.readNBytes(Math.toIntExact(size));
        if (data.length != size) {
            throw new IOException("truncated tar entry");
        }
        return data;
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        in.skipNBytes(bytes);
    }
}
