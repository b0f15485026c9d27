package io.headcount.aggregation.tracking;

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
}
