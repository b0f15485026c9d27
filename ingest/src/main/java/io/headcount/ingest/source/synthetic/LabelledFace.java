package io.headcount.ingest.source.synthetic;

import java.nio.file.Path;

/**
 * A face crop of a manifest with its labels.
 *
 * @param file the image file
 * @param relativePath the manifest's {@code file} column (relative to the data folder), for the
 *     ground truth
 * @param sex {@code male} or {@code female}
 * @param age age in years
 * @param ageGroup the manifest's age group, e.g. {@code 20-29}, {@code 60+}
 */
public record LabelledFace(Path file, String relativePath, String sex, int age, String ageGroup) {}
