package io.headcount.app;

import io.headcount.core.options.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads every duration option of the CLI ({@code 90s}, {@code 5m}, {@code 1h}, ISO-8601 {@code
 * PT5M}) with core's one parser; picocli's own converter takes ISO-8601 only.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
