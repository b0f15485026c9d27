package io.headcount.training.features;

/**
 * One face image as the training sees it: its labels from the manifest and what the backbone made
 * of it.
 *
 * @param file the manifest's file
 * @param variant {@code original}, or {@code mask<k>} for the k-th synthetic mask of the same face
 * @param set the data set, e.g. {@code utkface}
 * @param sex {@code male} / {@code female} / other (unlabelled)
 * @param ageGroup the product's age group, empty when unknown
 * @param race as in the manifest, empty when unknown
 * @param identity the person; the file when the manifest has no identities
 * @param masked {@code no}, {@code yes} (real mask) or {@code synthetic}
 * @param detected whether a face was found
 * @param usable whether the face passed the job's quality gate
 * @param baselineFemale face-api's own p(female); NaN when not detected
 * @param features the 512-d backbone features; empty when not detected
 * @param viewFeatures the mean features of the views ({@code FeatureHead.VIEW_SCALES}, mirrored);
 *     empty when not detected or not extracted
 */
public record Sample(
        String file,
        String variant,
        String set,
        String sex,
        String ageGroup,
        String race,
        String identity,
        String masked,
        boolean detected,
        boolean usable,
        float baselineFemale,
        float[] features,
        float[] viewFeatures) {

    /** The same face with the mean features of its views as its features (for a views head). */
    public Sample asViews() {
        return new Sample(
                file,
                variant,
                set,
                sex,
                ageGroup,
                race,
                identity,
                masked,
                detected,
                usable,
                baselineFemale,
                viewFeatures,
                viewFeatures);
    }

    /** Whether the face has features a head can answer from (detected and usable). */
    public boolean answerable() {
        return detected && usable;
    }

    public boolean isMasked() {
        return masked.equals("yes") || masked.equals("synthetic");
    }

    public boolean hasSex() {
        return sex.equals("male") || sex.equals("female");
    }
}
