package io.headcount.aggregation.tracking;

import io.headcount.core.attributes.Attribute;
import java.util.Map;
import java.util.Set;

/**
 * How a track's impressions are fused into attributes and attention time.
 *
 * @param confidenceThreshold a fused value is reported only with at least this confidence, else
 *     {@code undetermined}
 * @param attentionMaxYawDegrees a face with |yaw| below this looks at the camera
 * @param disabledBySite attributes each site switched off: neither fused nor emitted
 */
public record FusionRules(
        double confidenceThreshold,
        double attentionMaxYawDegrees,
        Map<String, Set<Attribute>> disabledBySite) {

    public static final double DEFAULT_CONFIDENCE_THRESHOLD = 0.9;
    public static final double DEFAULT_ATTENTION_MAX_YAW_DEGREES = 25;

    public FusionRules {
        disabledBySite = Map.copyOf(disabledBySite);
    }

    public static FusionRules defaults() {
        return new FusionRules(
                DEFAULT_CONFIDENCE_THRESHOLD, DEFAULT_ATTENTION_MAX_YAW_DEGREES, Map.of());
    }

    public boolean enabled(String site, Attribute attribute) {
        return !disabledBySite.getOrDefault(site, Set.of()).contains(attribute);
    }
}
