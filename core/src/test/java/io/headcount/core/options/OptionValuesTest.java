package io.headcount.core.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class OptionValuesTest {

    private static final Map<String, String> DEFAULTS =
            Map.of("window.ms", "60000", "threshold", "0.9");

    @Test
    void unknownKeysAreRefused() {
        assertThatThrownBy(() -> OptionValues.of("test option", DEFAULTS, Map.of("windw.ms", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown test option windw.ms");
    }

    @Test
    void ofKnownTakesTheDeclaredKeysOfALargerMapAndLeavesTheRest() {
        Properties settings = new Properties();
        settings.put("window.ms", " 1000 ");
        settings.put("threshold", 0.95);
        settings.put("bootstrap.servers", "broker:9092");
        settings.put(7, "not a string key");

        OptionValues values = OptionValues.ofKnown("test option", DEFAULTS, settings);

        assertThat(values.asMap()).containsOnlyKeys("window.ms", "threshold");
        assertThat(values.longValue("window.ms")).isEqualTo(1000);
        assertThat(values.doubleValue("threshold")).isEqualTo(0.95);
    }

    @Test
    void ofKnownSkipsNullValues() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("window.ms", null);

        assertThat(OptionValues.ofKnown("test option", DEFAULTS, settings).string("window.ms"))
                .isEqualTo("60000");
    }

    @Test
    void aDoubleThatIsNotANumberIsRefusedNamingTheKey() {
        OptionValues values = OptionValues.of("test option", DEFAULTS, Map.of("threshold", "high"));

        assertThatThrownBy(() -> values.doubleValue("threshold"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threshold must be a number: high");
    }

    @Test
    void millisecondSettingsTakeWholeMillisecondsOrADurationWithItsUnit() {
        OptionValues values = OptionValues.of("test option", DEFAULTS, Map.of());

        assertThat(values.millis("window.ms")).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(values.with("window.ms", "90s").millis("window.ms"))
                .isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(values.with("window.ms", "PT5M").duration("window.ms"))
                .isEqualTo(java.time.Duration.ofMinutes(5));
        assertThatThrownBy(() -> values.with("window.ms", "soon").millis("window.ms"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window.ms must be a whole number of milliseconds")
                .hasMessageContaining("90s");
    }
}
