package io.headcount.models;

import io.headcount.core.FileDigests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A folder of model files, checked against the catalog by size and SHA-256. */
public final class ModelDirectory {

    private final Path root;

    public ModelDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path path(CatalogEntry entry) {
        return root.resolve(entry.file());
    }

    /**
     * Checks one file; the SHA-256 is only computed when the size is right, and once per process
     * for an unchanged file ({@link FileDigests}): re-checks in a pull, and a check at load that
     * asks the same memo, do not read it again.
     */
    public FileCheck check(CatalogEntry entry) {
        Path path = path(entry);
        if (!Files.isRegularFile(path)) {
            return new FileCheck(entry, path, FileCheck.Status.MISSING, -1, null);
        }
        try {
            long size = Files.size(path);
            if (size != entry.bytes()) {
                return new FileCheck(entry, path, FileCheck.Status.WRONG_SIZE, size, null);
            }
            String sha256 = FileDigests.sha256(path);
            return new FileCheck(
                    entry,
                    path,
                    sha256.equals(entry.sha256()) ? FileCheck.Status.OK : FileCheck.Status.CORRUPT,
                    size,
                    sha256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    public List<FileCheck> check(List<CatalogEntry> entries) {
        return entries.stream().map(this::check).toList();
    }
}
