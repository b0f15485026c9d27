package io.headcount.training.files;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes rows as a CSV manifest in the format of shared/data (header, quoted when needed). */
public final class ManifestWriter {

    private ManifestWriter() {}

    public static void write(Path file, List<String> columns, List<Map<String, String>> rows)
            throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(line(columns));
            for (Map<String, String> row : rows) {
                List<String> values = new ArrayList<>();
                columns.forEach(column -> values.add(row.getOrDefault(column, "")));
                out.write(line(values));
            }
        }
    }

    private static String line(List<String> values) {
        List<String> quoted = new ArrayList<>();
        for (String value : values) {
            boolean needs = value.contains(",") || value.contains("\"") || value.contains("\n");
            quoted.add(needs ? '"' + value.replace("\"", "\"\"") + '"' : value);
        }
        return String.join(",", quoted) + "\n";
    }
}
