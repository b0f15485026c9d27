package io.headcount.aggregation.settings;

import io.headcount.aggregation.tracking.FusionRules;
import io.headcount.core.attributes.SiteAttributeSwitches;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * How a track's impressions are fused ({@link FusionRules}), and the attributes each site switched
 * off: {@code headcount.aggregation.site.<site>.attributes.disabled}, one setting per site, so read
 * by their prefix and suffix rather than declared.
 */
public final class FusionOptions {

    /** Confidence a fused attribute value needs, else it is {@code undetermined}; default 0.9. */
    public static final String CONFIDENCE_THRESHOLD =
            SettingKeys.PREFIX + "fusion.confidence.threshold";

    /** |yaw| in degrees below which a face counts as attentive; default 25. */
    public static final String ATTENTION_MAX_YAW_DEGREES =
            SettingKeys.PREFIX + "attention.max.yaw.degrees";

    /** {@code headcount.aggregation.site.<site>.attributes.disabled=sex,age,mask,expression}. */
    public static final String SITE_PREFIX = SettingKeys.PREFIX + SiteAttributeSwitches.SITE;

    public static final String ATTRIBUTES_DISABLED_SUFFIX = SiteAttributeSwitches.DISABLED_SUFFIX;

    private FusionOptions() {}

    public static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(
                CONFIDENCE_THRESHOLD, Double.toString(FusionRules.DEFAULT_CONFIDENCE_THRESHOLD));
        defaults.put(
                ATTENTION_MAX_YAW_DEGREES,
                Double.toString(FusionRules.DEFAULT_ATTENTION_MAX_YAW_DEGREES));
        return defaults;
    }

    /**
     * @param values the declared settings
     * @param properties all of them, for the per-site switches
     * @throws ConfigException naming a setting that is not a number, or a switch that lists an
     *     unknown attribute
     */
    public static FusionRules rules(SettingValues values, Map<?, ?> properties) {
        return new FusionRules(
                values.decimal(CONFIDENCE_THRESHOLD),
                values.decimal(ATTENTION_MAX_YAW_DEGREES),
                siteSwitches(properties).bySite());
    }

    /**
     * @throws ConfigException for a threshold outside 0.5 to 1 or a yaw outside 0 to 180 degrees
     */
    public static void requireValid(FusionRules fusion) {
        if (!(fusion.confidenceThreshold() >= 0.5 && fusion.confidenceThreshold() <= 1)) {
            throw new ConfigException(
                    CONFIDENCE_THRESHOLD,
                    fusion.confidenceThreshold(),
                    "must be between 0.5 and 1");
        }
        if (!(fusion.attentionMaxYawDegrees() >= 0 && fusion.attentionMaxYawDegrees() <= 180)) {
            throw new ConfigException(
                    ATTENTION_MAX_YAW_DEGREES,
                    fusion.attentionMaxYawDegrees(),
                    "must be between 0 and 180");
        }
    }

    /**
     * Every {@code headcount.aggregation.site.<site>.attributes.disabled} setting, read as the
     * inference job reads its own ({@link SiteAttributeSwitches}).
     */
    public static SiteAttributeSwitches siteSwitches(Map<?, ?> properties) {
        for (Map.Entry<?, ?> entry : properties.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (SiteAttributeSwitches.isSwitch(SettingKeys.PREFIX, name)) {
                try {
                    SiteAttributeSwitches.read(SettingKeys.PREFIX, Map.of(name, entry.getValue()));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, entry.getValue(), e.getMessage());
                }
            }
        }
        return SiteAttributeSwitches.read(SettingKeys.PREFIX, properties);
    }
}
