package io.headcount.core.attributes;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The attributes each site switched off: one setting per site, {@code
 * <prefix>site.<site>.attributes.disabled=sex,age,mask,expression} (any subset, any case), where
 * the prefix is the reading service's own ({@code headcount.aggregation.} for the aggregation, none
 * for the inference job). Sites are not declared, so the settings are found by their prefix and
 * suffix rather than by a declared key. One reader for both services, so that a site's switch means
 * the same in each: the job does not compute the attribute, the aggregation does not fuse it.
 */
public final class SiteAttributeSwitches implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What comes between the service's prefix and the site. */
    public static final String SITE = "site.";

    /** What follows the site. */
    public static final String DISABLED_SUFFIX = ".attributes.disabled";

    private static final SiteAttributeSwitches NONE = new SiteAttributeSwitches(Map.of());

    private final Map<String, Set<Attribute>> disabledBySite;

    private SiteAttributeSwitches(Map<String, Set<Attribute>> disabledBySite) {
        this.disabledBySite = Collections.unmodifiableMap(new TreeMap<>(disabledBySite));
    }

    /** No site switched anything off. */
    public static SiteAttributeSwitches none() {
        return NONE;
    }

    /**
     * The setting that switches attributes off at {@code site}, e.g. {@code
     * site.paris.attributes.disabled}.
     */
    public static String key(String prefix, String site) {
        return prefix + SITE + site + DISABLED_SUFFIX;
    }

    /** Whether {@code key} is a site's switch under {@code prefix}. */
    public static boolean isSwitch(String prefix, String key) {
        return key.startsWith(prefix + SITE)
                && key.endsWith(DISABLED_SUFFIX)
                && key.length() > prefix.length() + SITE.length() + DISABLED_SUFFIX.length();
    }

    /**
     * Every switch among {@code settings} (other entries are ignored: they are other readers').
     *
     * @throws IllegalArgumentException naming the setting, for an unknown attribute
     */
    public static SiteAttributeSwitches read(String prefix, Map<?, ?> settings) {
        Map<String, Set<Attribute>> bySite = new TreeMap<>();
        for (Map.Entry<?, ?> entry : settings.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (!isSwitch(prefix, name)) {
                continue;
            }
            String site =
                    name.substring(
                            prefix.length() + SITE.length(),
                            name.length() - DISABLED_SUFFIX.length());
            bySite.put(site, parse(name, String.valueOf(entry.getValue())));
        }
        return bySite.isEmpty() ? NONE : new SiteAttributeSwitches(bySite);
    }

    private static Set<Attribute> parse(String name, String value) {
        Set<Attribute> disabled = EnumSet.noneOf(Attribute.class);
        for (String attribute : value.split(",")) {
            if (attribute.isBlank()) {
                continue;
            }
            disabled.add(
                    Attribute.fromSetting(attribute)
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    name
                                                            + " lists an unknown attribute '"
                                                            + attribute.trim()
                                                            + "' ("
                                                            + value
                                                            + "); known: sex, age, mask,"
                                                            + " expression")));
        }
        return Set.copyOf(disabled);
    }

    /** The attributes {@code site} switched off; empty for a site without a switch. */
    public Set<Attribute> disabled(String site) {
        return disabledBySite.getOrDefault(site, Set.of());
    }

    public boolean enabled(String site, Attribute attribute) {
        return !disabled(site).contains(attribute);
    }

    /** Every site with a switch, and what it switched off. */
    public Map<String, Set<Attribute>> bySite() {
        return disabledBySite;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SiteAttributeSwitches that
                && disabledBySite.equals(that.disabledBySite);
    }

    @Override
    public int hashCode() {
        return disabledBySite.hashCode();
    }

    @Override
    public String toString() {
        return "SiteAttributeSwitches" + disabledBySite;
    }
}
