package io.headcount.vision.attributes;

/** The attributes of one face as the heads fill them in; null = not produced. */
public final class AttributeValues {
    public Float female;
    public float[] ageGroups;
    public Float masked;
    public float[] expressions;
}
