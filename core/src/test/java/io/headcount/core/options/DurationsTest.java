package io.headcount.core.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "90s, PT1M30S",
        "5m, PT5M",
        "1h, PT1H",
        "1d, PT24H",
        "250ms, PT0.25S",
        "1.5s, PT1.5S",
        "1h30m, PT1H30M",
        "'  2 m ', PT2M",
        "5M, PT5M",
        "PT5M, PT5M",
        "pt15s, PT15S",
        "PT0S, PT0S",
        "0s, PT0S"
    })
    void readsTheShortFormsAndIso8601(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "90", "5 minutes", "1y", "PT5", "s", "1m30", "-5s", "5m!"})
    void refusesAnythingElseShowingTheAcceptedForms(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a duration: '" + text.trim() + "'")
                .hasMessageContaining("90s, 5m, 1h")
                .hasMessageContaining("PT5M");
    }

    @ParameterizedTest
    @CsvSource({"PT15S, 15s", "PT1M30S, 1m30s", "PT25H, 1d1h", "PT0.25S, 250ms", "PT0S, 0s"})
    void formatsShortFormsThatReadBack(String iso, String expected) {
        Duration duration = Duration.parse(iso);
        assertThat(Durations.format(duration)).isEqualTo(expected);
        assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }
}
