package io.headcount.vision.attributes;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Quality and attribute probabilities of one detected face: what {@code FaceObservation} will carry
 * besides the box. Arrays rather than maps so Flink serializes it without Kryo; their order is the
 * label order of the model set (age groups: {@code AgeGroups.LABELS}, expressions: the manifest).
 *
 * @param faceSize shorter box side in pixels
 * @param sharpness variance of the Laplacian of the grey face
 * @param yaw estimated yaw in degrees
 * @param usable whether the heads ran on this face: its quality passed the thresholds and it was
 *     picked (the inference job picks a track's best impressions, see {@code DescribeBudget}); when
 *     false every attribute is null but {@code masked}, which a face good enough but not picked
 *     still gets when the frame's mask findings were made ahead of time
 * @param female p(female), null when no sex head ran or the face was not usable
 * @param ageGroups probability per age group, or null
 * @param masked p(masked) of the matched mask detection, or null (no head, no match)
 * @param expressions probability per expression, or null
 */
public record FaceDescription(
        float faceSize,
        Float sharpness,
        Float yaw,
        boolean usable,
        Float female,
        float[] ageGroups,
        Float masked,
        float[] expressions)
        implements Serializable {

    @Override
    public boolean equals(Object other) {
        return other instanceof FaceDescription d
                && faceSize == d.faceSize
                && Objects.equals(sharpness, d.sharpness)
                && Objects.equals(yaw, d.yaw)
                && usable == d.usable
                && Objects.equals(female, d.female)
                && Arrays.equals(ageGroups, d.ageGroups)
                && Objects.equals(masked, d.masked)
                && Arrays.equals(expressions, d.expressions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                faceSize,
                sharpness,
                yaw,
                usable,
                female,
                Arrays.hashCode(ageGroups),
                masked,
                Arrays.hashCode(expressions));
    }

    @Override
    public String toString() {
        return "FaceDescription[size="
                + faceSize
                + ", sharpness="
                + sharpness
                + ", yaw="
                + yaw
                + ", usable="
                + usable
                + ", female="
                + female
                + ", ageGroups="
                + Arrays.toString(ageGroups)
                + ", masked="
                + masked
                + ", expressions="
                + Arrays.toString(expressions)
                + "]";
    }
}
