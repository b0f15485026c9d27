package io.headcount.ingest.source.synthetic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The labelled faces of a data-set manifest ({@code manifest.csv}, see shared/data/DATA.md): rows
 * with sex {@code male}/{@code female}, not masked (or, with {@link #readMasked}, masked), whose
 * file exists. Age and age group are taken where the manifest has them (columns {@code age}, {@code
 * age_group}, both optional) and are unknown otherwise, so a face set labelled with sex only is
 * usable. The columns are found by name in the header. {@code file} resolves against a given root
 * folder, else against the manifest's folder or the nearest folder above it from which it exists
 * (the shared manifests name files relative to the data folder).
 */
public final class FaceManifest {

    private static final Set<String> SEXES = Set.of("male", "female");

    /** {@code masked} values of a face that already wears a mask: a real one, or one drawn on. */
    private static final Set<String> MASKED = Set.of("yes", "synthetic");

    private FaceManifest() {}

    /** {@link #read(Path, Path)} without a root: files resolve from the manifest's folder. */
    public static List<LabelledFace> read(Path manifest) throws IOException {
        return read(manifest, null);
    }

    /**
     * @param root the folder the {@code file} column is relative to; null to find it from the
     *     manifest's folder upwards
     * @throws IOException if the manifest cannot be read
     * @throws IllegalArgumentException if a needed column is missing or no row is usable
     */
    public static List<LabelledFace> read(Path manifest, Path root) throws IOException {
        return read(manifest, root, false);
    }

    /**
     * The faces of a manifest that already wear a mask ({@code masked} {@code yes}, or {@code
     * synthetic} as {@code headcount augment} writes, with the mask placed on the face's
     * landmarks); files resolve from the manifest's folder upwards.
     *
     * @throws IOException if the manifest cannot be read
     * @throws IllegalArgumentException if a needed column is missing or no row is usable
     */
    public static List<LabelledFace> readMasked(Path manifest) throws IOException {
        return read(manifest, null, true);
    }

    private static List<LabelledFace> read(Path manifest, Path root, boolean wearingMasks)
            throws IOException {
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("empty manifest " + manifest);
        }
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int file = column(header, "file", manifest);
        int sex = column(header, "sex", manifest);
        int age = header.indexOf("age");
        int ageGroup = header.indexOf("age_group");
        int masked = header.indexOf("masked");
        Path dataFolder = root;
        List<LabelledFace> faces = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            // The label columns come before any quoted free text, so a plain split is enough for
            // them.
            String[] cells = line.split(",", -1);
            if (cells.length <= Math.max(file, sex)) {
                continue;
            }
            boolean wearsMask = MASKED.contains(cell(cells, masked));
            if (!SEXES.contains(cells[sex]) || wearsMask != wearingMasks) {
                continue;
            }
            String years = cell(cells, age);
            String group = cell(cells, ageGroup);
            if (dataFolder == null) {
                dataFolder = dataFolderOf(manifest, cells[file]);
            }
            Path path = dataFolder.resolve(cells[file]);
            if (Files.isRegularFile(path)) {
                faces.add(
                        new LabelledFace(
                                path,
                                cells[file],
                                cells[sex],
                                years.matches("\\d+") ? Integer.valueOf(years) : null,
                                group.isBlank() ? null : group));
            }
        }
        if (faces.isEmpty()) {
            throw new IllegalArgumentException(
                    "no face labelled female or male ("
                            + (wearingMasks ? "and masked" : "and not masked")
                            + ") with an existing file in "
                            + manifest
                            + (root == null
                                    ? " (files resolved from the manifest's folder upwards)"
                                    : " (files resolved against " + root + ")"));
        }
        return faces;
    }

    /** The cell of an optional column; empty when the column or the cell is missing. */
    private static String cell(String[] cells, int column) {
        return column >= 0 && column < cells.length ? cells[column].trim() : "";
    }

    /**
     * The nearest folder above the manifest from which {@code file} resolves; else the manifest's
     * own.
     */
    private static Path dataFolderOf(Path manifest, String file) {
        Path folder = manifest.toAbsolutePath().getParent();
        for (Path candidate = folder; candidate != null; candidate = candidate.getParent()) {
            if (Files.exists(candidate.resolve(file))) {
                return candidate;
            }
        }
        return folder;
    }

    private static int column(List<String> header, String name, Path manifest) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(
                    "manifest " + manifest + " has no column '" + name + "'");
        }
        return index;
    }
}
