package io.headcount.aggregation.domain;

import io.headcount.core.attributes.Attribute;
import java.util.List;

/** The fused attribute values this module writes, besides the models' own labels. */
public final class Fused {

    /** Confidence below the threshold: the value is not forced into a class. */
    public static final String UNDETERMINED = "undetermined";

    public static final String FEMALE = "female";
    public static final String MALE = "male";
    public static final String MASKED = "masked";
    public static final String UNMASKED = "unmasked";

    /** The age group whose sex is not reported (see {@code TrackState}'s sex rule). */
    public static final String CHILD = "0-12";

    private Fused() {}

    /**
     * Every value an attribute fuses to, where this module alone names them (sex and mask); empty
     * for the attributes whose values are a model's labels (age, expression).
     */
    public static List<String> valuesOf(Attribute attribute) {
        return switch (attribute) {
            case SEX -> List.of(FEMALE, MALE, UNDETERMINED);
            case MASK -> List.of(MASKED, UNMASKED, UNDETERMINED);
            case AGE, EXPRESSION -> List.of();
        };
    }
}
