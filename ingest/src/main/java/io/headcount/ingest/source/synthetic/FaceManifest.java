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
 * with sex {@code male}/{@code female}, an age and an age group, not masked, whose file exists. The
 * columns are found by name in the header; {@code file} is relative to the data folder, the nearest
 * folder above the manifest from which the files resolve.
 */
public final class FaceManifest {

    private static final Set<String> SEXES = Set.of("male", "female");

    private FaceManifest() {}

    /**
     * @throws IOException if the manifest cannot be read
     * @throws IllegalArgumentException if a needed column is missing or no row is usable
     */
    public static List<LabelledFace> read(Path manifest) throws IOException {
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("empty manifest " + manifest);
        }
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int file = column(header, "file", manifest);
        int sex = column(header, "sex", manifest);
        int age = column(header, "age", manifest);
        int ageGroup = column(header, "age_group", manifest);
        int masked = header.indexOf("masked");
        Path dataFolder = null;
        List<LabelledFace> faces = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            // The label columns come before any quoted free text, so a plain split is enough for
            // them.
            String[] cells = line.split(",", -1);
            if (cells.length <= Math.max(Math.max(file, sex), Math.max(age, ageGroup))) {
                continue;
            }
            if (!SEXES.contains(cells[sex])
                    || cells[ageGroup].isBlank()
                    || !cells[age].matches("\\d+")
                    || (masked >= 0 && masked < cells.length && cells[masked].equals("yes"))) {
                continue;
            }
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
                                Integer.parseInt(cells[age]),
                                cells[ageGroup]));
            }
        }
        if (faces.isEmpty()) {
            throw new IllegalArgumentException(
                    "no labelled face with an existing file in " + manifest);
        }
        return faces;
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
