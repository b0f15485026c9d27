package io.headcount.scoring.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.headcount.scoring.score.ScoreReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The score as JSON: snake_case keys, instants as ISO-8601 strings, undefined fractions as null.
 * The top-level keys are the contract scripts and CI checks read ({@code visitors_true}, {@code
 * visitors_counted}, {@code count_error}, {@code fragmentation}, ...; see scoring/README.md).
 */
public final class JsonReport {

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .registerModule(
                            new SimpleModule("instants")
                                    .addSerializer(Instant.class, ToStringSerializer.instance))
                    .enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    public static String toJson(ScoreReport report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the score report", e);
        }
    }

    public static void write(ScoreReport report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(report) + "\n", StandardCharsets.UTF_8);
    }
}
