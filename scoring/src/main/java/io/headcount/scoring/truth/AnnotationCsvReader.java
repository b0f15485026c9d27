package io.headcount.scoring.truth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a user's own annotations (format in scoring/README.md): a persons file, one row per person,
 *
 * <pre>
 * person,enter,leave,sex,age_group,masked,mask_type
 * anna,12.0,19.5,female,30-39,yes,n95
 * </pre>
 *
 * and optionally a boxes file, one row per person and annotated frame,
 *
 * <pre>
 * person,time,x,y,width,height
 * anna,12.0,410,220,96,110
 * </pre>
 *
 * Times are ISO-8601 instants ({@code 2026-11-27T10:00:12Z}) or seconds since {@code start}, the
 * capture time of the video's time 0 (the camera's {@code start} in cameras.yaml), so that a video
 * can be annotated with the player's clock. {@code sex}, {@code age_group} and {@code masked} may
 * be empty or {@code unknown}: such a person is still counted but leaves that attribute out. The
 * optional {@code mask_type} (any name: {@code surgical}, {@code n95}, ...) splits mask accuracy by
 * kind of mask. Every error names the file and line.
 */
public final class AnnotationCsvReader {

    static final List<String> PERSON_COLUMNS = List.of("person", "enter", "leave");
    static final List<String> BOX_COLUMNS = List.of("person", "time", "x", "y", "width", "height");

    private AnnotationCsvReader() {}

    /**
     * @param boxes the boxes file, or null for persons only (then tracks are matched by time alone)
     * @param start the instant of relative time 0, or null when the files use instants only
     */
    public static GroundTruth read(Path persons, Path boxes, String camera, Instant start)
            throws IOException {
        try (BufferedReader personsIn = Files.newBufferedReader(persons, StandardCharsets.UTF_8)) {
            if (boxes == null) {
                return read(personsIn, persons.toString(), null, null, camera, start);
            }
            try (BufferedReader boxesIn = Files.newBufferedReader(boxes, StandardCharsets.UTF_8)) {
                return read(
                        personsIn, persons.toString(), boxesIn, boxes.toString(), camera, start);
            }
        }
    }

    /** As {@link #read(Path, Path, String, Instant)}, from readers named in error messages. */
    public static GroundTruth read(
            Reader persons,
            String personsSource,
            Reader boxes,
            String boxesSource,
            String camera,
            Instant start)
            throws IOException {
        Map<String, TruthPerson> byId = readPersons(persons, personsSource, start);
        Map<String, List<TimedBox>> boxesById = new HashMap<>();
        List<Instant> frames = new ArrayList<>();
        if (boxes != null) {
            CsvTable table = CsvTable.read(boxes, boxesSource, BOX_COLUMNS);
            for (CsvTable.Row row : table.rows()) {
                String id = required(table, row, "person");
                TruthPerson person = byId.get(id);
                if (person == null) {
                    throw table.error(
                            row, "person", "person " + id + " is not in " + personsSource);
                }
                Instant time = time(table, row, "time", start);
                if (!person.inView(time)) {
                    throw table.error(
                            row,
                            "time",
                            "person "
                                    + id
                                    + " is in view from "
                                    + person.enter()
                                    + " to "
                                    + person.leave()
                                    + ", a box at "
                                    + time
                                    + " lies outside");
                }
                double width = number(table, row, "width");
                double height = number(table, row, "height");
                if (width <= 0 || height <= 0) {
                    throw table.error(row, null, "width and height must be positive");
                }
                Rect box =
                        new Rect(number(table, row, "x"), number(table, row, "y"), width, height);
                boxesById.computeIfAbsent(id, p -> new ArrayList<>()).add(new TimedBox(time, box));
                frames.add(time);
            }
        }
        List<TruthPerson> annotated = new ArrayList<>(byId.size());
        for (TruthPerson person : byId.values()) {
            annotated.add(person.withBoxes(boxesById.getOrDefault(person.id(), List.of())));
        }
        return new GroundTruth(camera, annotated, frames);
    }

    private static Map<String, TruthPerson> readPersons(Reader reader, String source, Instant start)
            throws IOException {
        CsvTable table = CsvTable.read(reader, source, PERSON_COLUMNS);
        Map<String, TruthPerson> byId = new LinkedHashMap<>();
        for (CsvTable.Row row : table.rows()) {
            String id = required(table, row, "person");
            if (byId.containsKey(id)) {
                throw table.error(row, "person", "person " + id + " is listed twice");
            }
            Instant enter = time(table, row, "enter", start);
            Instant leave = time(table, row, "leave", start);
            if (leave.isBefore(enter)) {
                throw table.error(
                        row, "leave", "leave (" + leave + ") is before enter (" + enter + ")");
            }
            String sex;
            String ageGroup;
            Boolean masked;
            try {
                sex = TruthLabels.sex(row.cells().get("sex"));
            } catch (IllegalArgumentException e) {
                throw table.error(row, "sex", e.getMessage());
            }
            try {
                ageGroup = TruthLabels.ageGroup(row.cells().get("age_group"));
            } catch (IllegalArgumentException e) {
                throw table.error(row, "age_group", e.getMessage());
            }
            try {
                masked = TruthLabels.masked(row.cells().get("masked"));
            } catch (IllegalArgumentException e) {
                throw table.error(row, "masked", e.getMessage());
            }
            String maskType = maskType(table, row, masked);
            byId.put(
                    id,
                    TruthPerson.of(id, enter, leave, sex, ageGroup, masked).withMaskType(maskType));
        }
        return byId;
    }

    /** The optional {@code mask_type}, lower case; only a masked person wears one. */
    private static String maskType(CsvTable table, CsvTable.Row row, Boolean masked) {
        String value = row.cells().get("mask_type");
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!Boolean.TRUE.equals(masked)) {
            throw table.error(
                    row, "mask_type", "is \"" + value + "\" but the person is not masked=yes");
        }
        return value.strip().toLowerCase(Locale.ROOT);
    }

    private static String required(CsvTable table, CsvTable.Row row, String column) {
        String value = row.cells().get(column);
        if (value == null || value.isEmpty()) {
            throw table.error(row, column, "is empty");
        }
        return value;
    }

    private static double number(CsvTable table, CsvTable.Row row, String column) {
        String value = required(table, row, column);
        try {
            double number = Double.parseDouble(value);
            if (!Double.isFinite(number)) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw table.error(row, column, "expected a number, got \"" + value + "\"");
        }
    }

    private static Instant time(CsvTable table, CsvTable.Row row, String column, Instant start) {
        String value = required(table, row, column);
        if (value.contains("T")) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw table.error(
                        row,
                        column,
                        "expected an ISO-8601 instant such as 2026-11-27T10:00:12.400Z, got \""
                                + value
                                + "\"");
            }
        }
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw table.error(
                    row,
                    column,
                    "expected seconds since the start (12.4) or an ISO-8601 instant, got \""
                            + value
                            + "\"");
        }
        if (start == null) {
            throw table.error(
                    row,
                    column,
                    "\""
                            + value
                            + "\" is relative to the video's start, but no start instant was given");
        }
        // BigDecimal keeps 12.4 s at exactly 12400 ms, where a double could round to 12399.
        return start.plusMillis(
                seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }
}
