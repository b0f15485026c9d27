package io.headcount.aggregation.tracking;

import io.headcount.aggregation.domain.Fused;
import io.headcount.core.attributes.Attribute;
import io.headcount.schemas.FusedAttribute;
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

    /**
     * A visitor's sex from its evidence, but undetermined (confidence kept) for a visitor whose age
     * evidence is most likely a child's ({@link Fused#CHILD}): the sex head was trained on adults
     * only (20 and over, its model card), and on children's faces it answered confidently and at
     * chance (on the realistic synthetic scene, whose UTKFace faces are a third children, two
     * thirds of the wrong visitors were children). Without age evidence (age switched off at the
     * site) sex is fused as it is.
     */
    public static FusedAttribute fuseSex(
            BinaryEvidence female, CategoricalEvidence ageGroups, double threshold) {
        FusedAttribute fused = female.fuse(Fused.FEMALE, Fused.MALE, threshold);
        if (Fused.CHILD.equals(ageGroups.mostLikely())) {
            return new FusedAttribute(Fused.UNDETERMINED, fused.getConfidence());
        }
        return fused;
    }
}
