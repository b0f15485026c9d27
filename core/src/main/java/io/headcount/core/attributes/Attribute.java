package io.headcount.core.attributes;

import java.util.Locale;
import java.util.Optional;

/**
 * An attribute of a face that a site may switch off ({@link SiteAttributeSwitches}): the inference
 * job then never computes it for that site's cameras, and the aggregation neither fuses nor emits
 * it. The setting name is how sites write it.
 */
public enum Attribute {
    SEX("sex"),
    AGE("age"),
    MASK("mask"),
    EXPRESSION("expression");

    private final String settingName;

    Attribute(String settingName) {
        this.settingName = settingName;
    }

    public String settingName() {
        return settingName;
    }

    public static Optional<Attribute> fromSetting(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Attribute attribute : values()) {
            if (attribute.settingName.equals(wanted)) {
                return Optional.of(attribute);
            }
        }
        return Optional.empty();
    }
}
