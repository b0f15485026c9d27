package io.headcount.ingest.source.synthetic;

import java.nio.file.Path;

/**
 * A face crop of a manifest with its labels. Sex is always known (the camera's people need it); age
 * and age group are null where the manifest does not give them (face sets labelled with sex only),
 * and the ground truth then says so.
 *
 * @param file the image file
 * @param relativePath the manifest's {@code file} column, for the ground truth
 * @param sex {@code male} or {@code female}
 * @param age age in years; null if unknown
 * @param ageGroup the manifest's age group, e.g. {@code 20-29}, {@code 60+}; null if unknown
 */
public record LabelledFace(
        Path file, String relativePath, String sex, Integer age, String ageGroup) {}
