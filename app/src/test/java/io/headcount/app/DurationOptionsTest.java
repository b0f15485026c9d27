package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class DurationOptionsTest {

    @Test
    void everyDurationOptionTakesTheShortFormsAndIso8601() {
        ParseResult demo =
                new CommandLine(new Headcount())
                        .parseArgs(
                                "demo", "--duration", "90s", "--window", "PT15S", "--grace", "5s");

        ParseResult options = demo.subcommand();
        assertThat((Duration) options.matchedOptionValue("--duration", null))
                .isEqualTo(Duration.ofSeconds(90));
        assertThat((Duration) options.matchedOptionValue("--window", null))
                .isEqualTo(Duration.ofSeconds(15));
        assertThat((Duration) options.matchedOptionValue("--grace", null))
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(
                        (Duration)
                                new CommandLine(new Headcount())
                                        .parseArgs("score", "--timeout", "1h")
                                        .subcommand()
                                        .matchedOptionValue("--timeout", null))
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void everyDurationOptionUsesTheOneParser() {
        // Each Duration option of each command, so a new one without the converter fails here.
        CommandLine root = new CommandLine(new Headcount());
        root.getSubcommands()
                .forEach(
                        (name, command) ->
                                command.getCommandSpec().options().stream()
                                        .filter(option -> option.type() == Duration.class)
                                        .forEach(
                                                option ->
                                                        assertThat(option.converters())
                                                                .as(
                                                                        name
                                                                                + " "
                                                                                + option
                                                                                        .longestName())
                                                                .hasAtLeastOneElementOfType(
                                                                        DurationConverter.class)));
    }

    @Test
    void anythingElseIsAClearError() {
        assertThatThrownBy(
                        () ->
                                new CommandLine(new Headcount())
                                        .parseArgs("demo", "--duration", "5 minutes"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--duration")
                .hasMessageContaining("not a duration: '5 minutes'")
                .hasMessageContaining("90s, 5m, 1h");
    }
}
