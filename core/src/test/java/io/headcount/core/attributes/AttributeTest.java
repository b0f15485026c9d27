package io.headcount.core.attributes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** How sites name the attributes they switch off. */
class AttributeTest {

    @Test
    void eachAttributeIsReadFromItsSettingNameWhateverItsCaseAndSpaces() {
        assertThat(Attribute.fromSetting("sex")).contains(Attribute.SEX);
        assertThat(Attribute.fromSetting(" Age ")).contains(Attribute.AGE);
        assertThat(Attribute.fromSetting("MASK")).contains(Attribute.MASK);
        assertThat(Attribute.fromSetting("expression")).contains(Attribute.EXPRESSION);
        assertThat(Arrays.stream(Attribute.values()).map(Attribute::settingName))
                .containsExactly("sex", "age", "mask", "expression");
    }

    @Test
    void anyOtherNameIsNoAttribute() {
        assertThat(Attribute.fromSetting("gender")).isEmpty();
        assertThat(Attribute.fromSetting("ageGroup")).isEmpty();
        assertThat(Attribute.fromSetting("")).isEmpty();
    }
}
