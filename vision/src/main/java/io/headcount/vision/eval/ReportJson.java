package io.headcount.vision.eval;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * The project's JSON reports (evaluation, head training, bench), written with Jackson: maps, lists,
 * strings, numbers, booleans and null, indented by two spaces as {@code "key": value}, one entry a
 * line, ending with a newline. A NaN or infinite double is written as {@code null}.
 */
public final class ReportJson {

    /** The evaluation and training reports: doubles with 4 decimals, one list element a line. */
    private static final ObjectWriter REPORT =
            writer(d -> String.format(Locale.ROOT, "%.4f", d), false);

    private ReportJson() {}

    /** {@code value} as the evaluation and training reports are written. */
    public static String write(Object value) {
        return write(REPORT, value);
    }

    /** {@code value} written by {@code writer}, with the final newline. */
    public static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A report writer.
     *
     * @param doubles how a finite double is written, as JSON number text
     * @param inlineLists lists on one line ({@code [1, 2]}) rather than one element a line
     */
    public static ObjectWriter writer(DoubleFunction<String> doubles, boolean inlineLists) {
        DefaultIndenter lines = new DefaultIndenter("  ", "\n");
        Separators separators =
                Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayValueSpacing(
                                inlineLists ? Separators.Spacing.AFTER : Separators.Spacing.NONE)
                        .withArrayEmptySeparator("");
        DefaultPrettyPrinter printer =
                new DefaultPrettyPrinter()
                        .withSeparators(separators)
                        .withObjectIndenter(lines)
                        .withArrayIndenter(
                                inlineLists ? DefaultPrettyPrinter.NopIndenter.instance : lines);
        SimpleModule numbers = new SimpleModule("report-numbers");
        numbers.addSerializer(Double.class, new DoubleText(doubles));
        JsonMapper mapper =
                JsonMapper.builder()
                        .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                        .addModule(numbers)
                        .build();
        return mapper.writer(printer);
    }

    /** Doubles as {@code format} writes them; NaN and infinities as null. */
    private static final class DoubleText extends StdSerializer<Double> {

        private final transient DoubleFunction<String> format;

        DoubleText(DoubleFunction<String> format) {
            super(Double.class);
            this.format = format;
        }

        @Override
        public void serialize(Double value, JsonGenerator out, SerializerProvider provider)
                throws IOException {
            if (value.isNaN() || value.isInfinite()) {
                out.writeNull();
            } else {
                out.writeNumber(format.apply(value));
            }
        }
    }
}
