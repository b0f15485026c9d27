package io.headcount.models;

import java.nio.file.Path;

/**
 * What a model folder holds for one catalog entry.
 *
 * @param entry the expected file
 * @param path where it was looked for
 * @param status the verdict
 * @param actualBytes the size found, -1 when missing
 * @param actualSha256 the SHA-256 found; null when missing or when the size already differs
 */
public record FileCheck(
        CatalogEntry entry, Path path, Status status, long actualBytes, String actualSha256) {

    /** The verdict on one file. */
    public enum Status {
        OK("ok"),
        MISSING("missing"),
        WRONG_SIZE("wrong size"),
        CORRUPT("checksum mismatch");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean ok() {
        return status == Status.OK;
    }

    /** A sentence saying what is wrong and how to fix it; "ok" for a good file. */
    public String problem() {
        return switch (status) {
            case OK -> "ok";
            case MISSING -> path + " is missing";
            case WRONG_SIZE ->
                    path
                            + " has "
                            + actualBytes
                            + " bytes, expected "
                            + entry.bytes()
                            + ": the file is truncated or not "
                            + entry.name()
                            + " "
                            + entry.version();
            case CORRUPT ->
                    path
                            + " is corrupted or another version: SHA-256 "
                            + actualSha256
                            + ", expected "
                            + entry.sha256();
        };
    }
}
