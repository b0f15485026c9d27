package io.headcount.scoring.truth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the synthetic camera's ground truth ({@code GroundTruthWriter} in ingest), JSON lines of
 * two kinds:
 *
 * <pre>
 * {"type":"frame","frame":12,"time":"2026-11-27T10:00:01.200Z","boxes":[{"person":3,"x":0,"y":96,"width":41,"height":120}]}
 * {"type":"person","person":3,"sex":"female","ageGroup":"20-29","masked":true,"enterTime":"...","leaveTime":"...",...}
 * </pre>
 *
 * A frame line per frame (boxes may be empty), a person line when the person has left or when the
 * camera stopped. {@code ageGroup} may be null or missing (a face set without ages): unknown.
 * {@code judgeable} (optional, default true) false marks a person never shown well enough to judge
 * ({@link TruthPerson#judgeable()}). {@code mask} (optional) names a masked person's mask: the
 * template, or {@code from-manifest} for a face photographed with its mask. Fields this reader does
 * not need ({@code age}, {@code face}, {@code size}, {@code enterFrame}, {@code leaveFrame}, {@code
 * left}, {@code judgeableFrames}, {@code poor}) are ignored, so that the writer may add more. Every
 * error names the line.
 */
public final class SyntheticTruthReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SyntheticTruthReader() {}

    /** Reads {@code file} as the truth of {@code camera} (the JSON lines do not name it). */
    public static GroundTruth read(Path file, String camera) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString(), camera);
        }
    }

    /**
     * @param source the name used in error messages
     */
    public static GroundTruth read(Reader reader, String source, String camera) throws IOException {
        BufferedReader in =
                reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
        Map<String, List<TimedBox>> boxesByPerson = new HashMap<>();
        Map<String, Long> firstBoxLine = new LinkedHashMap<>();
        Map<String, TruthPerson> persons = new LinkedHashMap<>();
        List<Instant> frames = new ArrayList<>();
        long lineNumber = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            Fields fields = new Fields(parse(line, source, lineNumber), source, lineNumber);
            String type = fields.text("type");
            switch (type) {
                case "frame" -> {
                    Instant time = fields.instant("time");
                    frames.add(time);
                    for (Fields box : fields.objects("boxes")) {
                        String person = box.id("person");
                        boxesByPerson
                                .computeIfAbsent(person, p -> new ArrayList<>())
                                .add(new TimedBox(time, box.rect()));
                        firstBoxLine.putIfAbsent(person, lineNumber);
                    }
                }
                case "person" -> {
                    String id = fields.id("person");
                    if (persons.containsKey(id)) {
                        throw fields.error("person " + id + " has a second person line");
                    }
                    persons.put(id, fields.person(id));
                }
                default ->
                        throw fields.error(
                                "field 'type': expected \"frame\" or \"person\", got \""
                                        + type
                                        + "\"");
            }
        }
        for (Map.Entry<String, Long> boxed : firstBoxLine.entrySet()) {
            if (!persons.containsKey(boxed.getKey())) {
                throw new GroundTruthFormatException(
                        source,
                        boxed.getValue(),
                        "person "
                                + boxed.getKey()
                                + " has boxes from this line on but no person line (a truncated"
                                + " file? the camera writes it when the person leaves or the camera"
                                + " stops)");
            }
        }
        List<TruthPerson> withBoxes = new ArrayList<>(persons.size());
        for (TruthPerson person : persons.values()) {
            withBoxes.add(person.withBoxes(boxesByPerson.getOrDefault(person.id(), List.of())));
        }
        return new GroundTruth(camera, withBoxes, frames);
    }

    private static JsonNode parse(String line, String source, long lineNumber) {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw new GroundTruthFormatException(source, lineNumber, "expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new GroundTruthFormatException(
                    source, lineNumber, "not JSON: " + e.getOriginalMessage());
        }
    }

    /** Typed access to one line's fields, failing with the line and field name. */
    private record Fields(JsonNode node, String source, long line) {

        GroundTruthFormatException error(String problem) {
            return new GroundTruthFormatException(source, line, problem);
        }

        JsonNode required(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw error("field '" + name + "' is missing");
            }
            return value;
        }

        String text(String name) {
            JsonNode value = required(name);
            if (!value.isTextual()) {
                throw error("field '" + name + "': expected a string, got " + value);
            }
            return value.asText();
        }

        /** A string field that may be missing or null (an unknown label); null then. */
        String optionalText(String name) {
            JsonNode value = node.get(name);
            return value == null || value.isNull() ? null : text(name);
        }

        String id(String name) {
            JsonNode value = required(name);
            if (!value.isIntegralNumber() && !value.isTextual()) {
                throw error("field '" + name + "': expected a person id, got " + value);
            }
            return value.asText();
        }

        double number(String name) {
            JsonNode value = required(name);
            if (!value.isNumber()) {
                throw error("field '" + name + "': expected a number, got " + value);
            }
            return value.asDouble();
        }

        Instant instant(String name) {
            String value = text(name);
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw error(
                        "field '"
                                + name
                                + "': expected an ISO-8601 instant, got \""
                                + value
                                + "\"");
            }
        }

        List<Fields> objects(String name) {
            JsonNode value = required(name);
            if (!value.isArray()) {
                throw error("field '" + name + "': expected an array, got " + value);
            }
            List<Fields> objects = new ArrayList<>(value.size());
            for (JsonNode element : value) {
                if (!element.isObject()) {
                    throw error("field '" + name + "': expected objects, got " + element);
                }
                objects.add(new Fields(element, source, line));
            }
            return objects;
        }

        Rect rect() {
            double width = number("width");
            double height = number("height");
            if (width < 0 || height < 0) {
                throw error("box of person " + id("person") + " has a negative size");
            }
            return new Rect(number("x"), number("y"), width, height);
        }

        TruthPerson person(String id) {
            Instant enter = instant("enterTime");
            Instant leave = instant("leaveTime");
            if (leave.isBefore(enter)) {
                throw error("person " + id + ": leaveTime is before enterTime");
            }
            JsonNode masked = required("masked");
            if (!masked.isBoolean()) {
                throw error("field 'masked': expected true or false, got " + masked);
            }
            JsonNode judgeable = node.get("judgeable");
            if (judgeable != null && !judgeable.isNull() && !judgeable.isBoolean()) {
                throw error("field 'judgeable': expected true or false, got " + judgeable);
            }
            try {
                return TruthPerson.of(
                                id,
                                enter,
                                leave,
                                TruthLabels.sex(text("sex")),
                                TruthLabels.ageGroup(optionalText("ageGroup")),
                                masked.asBoolean())
                        .withMaskType(masked.asBoolean() ? optionalText("mask") : null)
                        .withJudgeable(
                                judgeable == null
                                        || !judgeable.isBoolean()
                                        || judgeable.asBoolean());
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }
    }
}
