package io.headcount.scoring.truth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small CSV file with a header row: comma-separated, fields optionally in double quotes ({@code
 * ""} for a quote inside), blank lines and lines starting with {@code #} skipped. Columns are found
 * by name (any case, any order), so a user's file may carry extra columns such as notes.
 */
final class CsvTable {

    /** One data row with its 1-based line number in the file. */
    record Row(long line, Map<String, String> cells) {}

    private final String source;
    private final List<Row> rows;

    private CsvTable(String source, List<Row> rows) {
        this.source = source;
        this.rows = rows;
    }

    List<Row> rows() {
        return rows;
    }

    static CsvTable read(Reader reader, String source, List<String> requiredColumns)
            throws IOException {
        BufferedReader in =
                reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        long lineNumber = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a byte order mark from spreadsheet exports
            }
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            List<String> fields = split(line, source, lineNumber);
            if (header == null) {
                header = new ArrayList<>();
                for (String name : fields) {
                    header.add(name.trim().toLowerCase(Locale.ROOT));
                }
                for (String required : requiredColumns) {
                    if (!header.contains(required)) {
                        throw new GroundTruthFormatException(
                                source,
                                lineNumber,
                                "the header lacks column '"
                                        + required
                                        + "' (needs "
                                        + String.join(",", requiredColumns)
                                        + ", got "
                                        + String.join(",", header)
                                        + ")");
                    }
                }
                continue;
            }
            if (fields.size() != header.size()) {
                throw new GroundTruthFormatException(
                        source,
                        lineNumber,
                        "expected "
                                + header.size()
                                + " fields as in the header, got "
                                + fields.size());
            }
            Map<String, String> cells = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                cells.put(header.get(i), fields.get(i).trim());
            }
            rows.add(new Row(lineNumber, cells));
        }
        if (header == null) {
            throw new GroundTruthFormatException(
                    source, 0, "empty file: expected a header row (" + requiredColumns + ")");
        }
        return new CsvTable(source, rows);
    }

    GroundTruthFormatException error(Row row, String column, String problem) {
        return new GroundTruthFormatException(
                source, row.line(), (column == null ? "" : "column '" + column + "': ") + problem);
    }

    private static List<String> split(String line, String source, long lineNumber) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new GroundTruthFormatException(source, lineNumber, "a quote is not closed");
        }
        fields.add(field.toString());
        return fields;
    }
}
