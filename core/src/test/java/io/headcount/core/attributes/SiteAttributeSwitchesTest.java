package io.headcount.core.attributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How each service reads the sites' attribute switches under its own prefix. */
class SiteAttributeSwitchesTest {

    @Test
    void readsEachSitesSwitchUnderThePrefixAndIgnoresOtherSettings() {
        SiteAttributeSwitches switches =
                SiteAttributeSwitches.read(
                        "headcount.aggregation.",
                        Map.of(
                                "headcount.aggregation.site.paris-nord.attributes.disabled",
                                "sex, AGE",
                                "headcount.aggregation.site.lyon.attributes.disabled",
                                "",
                                "site.berlin.attributes.disabled",
                                "mask",
                                "headcount.aggregation.window.size.ms",
                                "60000"));

        assertThat(switches.bySite())
                .containsOnly(
                        Map.entry("paris-nord", Set.of(Attribute.SEX, Attribute.AGE)),
                        Map.entry("lyon", Set.of()));
        assertThat(switches.enabled("paris-nord", Attribute.MASK)).isTrue();
        assertThat(switches.enabled("paris-nord", Attribute.SEX)).isFalse();
        assertThat(switches.disabled("berlin")).as("another service's prefix").isEmpty();
        assertThat(
                        SiteAttributeSwitches.read(
                                "", Map.of("site.berlin.attributes.disabled", "mask")))
                .isEqualTo(
                        SiteAttributeSwitches.read(
                                "x.", Map.of("x.site.berlin.attributes.disabled", "MASK")));
        assertThat(SiteAttributeSwitches.key("", "berlin"))
                .isEqualTo("site.berlin.attributes.disabled");
        assertThat(SiteAttributeSwitches.isSwitch("", "site.x.attributes.disabled")).isTrue();
        assertThat(SiteAttributeSwitches.isSwitch("", "site.attributes.disabled")).isFalse();
    }

    @Test
    void anUnknownAttributeIsRefusedNamingTheSetting() {
        assertThatThrownBy(
                        () ->
                                SiteAttributeSwitches.read(
                                        "", Map.of("site.paris.attributes.disabled", "sex,gender")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("site.paris.attributes.disabled")
                .hasMessageContaining("'gender'");
    }

    @Test
    void travelsWithTheFunctionsThatUseIt() throws Exception {
        SiteAttributeSwitches switches =
                SiteAttributeSwitches.read(
                        "", Map.of("site.paris.attributes.disabled", "sex,expression"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(switches);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(switches);
        }
    }
}
