package io.headcount.aggregation.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * A fused attribute a site may switch off ({@code
 * headcount.aggregation.site.<site>.attributes.disabled}). The setting name is how sites write it;
 * the breakdown name is the {@code AudienceStats} field it fills.
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
