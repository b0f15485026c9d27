package io.headcount.models;

import java.util.Objects;

/**
 * One model file the project may need, pinned by size and SHA-256.
 *
 * @param file the file name in the model folder, e.g. {@code det_yunet_n_dynamic.onnx}
 * @param name the model's name in the model set manifest
 * @param version the model's version in the model set manifest
 * @param inDefaultSet whether the default model set uses it
 * @param bytes the exact size
 * @param sha256 the exact SHA-256, lower-case hex
 * @param licence the licence as the source states it
 * @param source where the file comes from
 */
public record CatalogEntry(
        String file,
        String name,
        String version,
        boolean inDefaultSet,
        long bytes,
        String sha256,
        String licence,
        ModelSource source) {

    public CatalogEntry {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(source, "source");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(file + ": sha256 must be 64 lower-case hex digits");
        }
    }
}
