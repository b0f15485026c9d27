package io.headcount.training.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Which photos of {@code masked-real/rmfd_identities} (23 East Asian public figures, real masks)
 * the sex head may train on, and which may validate it, without reaching a test set (DATA.md §9:
 * {@code overlap_with_shared.csv} lists its photos that are the same photographs as files of {@code
 * chandrikadeb7_with_mask} or {@code rmfd_celeb_unmasked}).
 *
 * <ul>
 *   <li><b>Training identities</b>: none of their photos is a labelled chandrikadeb7 face (the 251,
 *       a test set) or an {@code rmfd_celeb_unmasked} photo (a test set). A chandrikadeb7 crop
 *       carries no identity, but the crops of an identity of this subset are its own photographs
 *       (every overlapping crop is listed), so a training identity has no labelled test face.
 *   <li><b>Validation photos</b>: the masked photos of every other identity that are not the same
 *       photograph as any file of another set. These identities do have labelled test faces (26 of
 *       the 251), so a figure chosen on them is reported also without those 26 ({@link
 *       #testFacesOfValidationIdentities}).
 * </ul>
 */
public final class RmfdIdentities {

    public static final String MANIFEST = "masked-real/rmfd_identities/manifest.csv";
    static final String OVERLAP = "masked-real/rmfd_identities/overlap_with_shared.csv";

    private final Set<String> trainingIdentities;
    private final Set<String> sharedPhotos;
    private final Set<String> testFacesOfValidationIdentities;

    private RmfdIdentities(
            Set<String> trainingIdentities,
            Set<String> sharedPhotos,
            Set<String> testFacesOfValidationIdentities) {
        this.trainingIdentities = trainingIdentities;
        this.sharedPhotos = sharedPhotos;
        this.testFacesOfValidationIdentities = testFacesOfValidationIdentities;
    }

    public static RmfdIdentities load(Path data) throws IOException {
        Set<String> labelledTestFaces = new HashSet<>();
        for (Map<String, String> row : SexHeadTraining.rows(DataSets.masked(data).manifest())) {
            if (DataSets.labelled(row)) {
                labelledTestFaces.add(row.get("file"));
            }
        }
        Set<String> identities = new TreeSet<>();
        Map<String, String> identityOfFile = new HashMap<>();
        for (Map<String, String> row : SexHeadTraining.rows(data.resolve(MANIFEST))) {
            identities.add(row.get("identity"));
            identityOfFile.put(row.get("file"), row.get("identity"));
        }
        Set<String> sharedPhotos = new HashSet<>();
        Set<String> reachingTests = new HashSet<>();
        Set<String> testFaces = new TreeSet<>();
        for (Map<String, String> row : SexHeadTraining.rows(data.resolve(OVERLAP))) {
            String file = row.get("file");
            String other = row.get("same_photo_as");
            sharedPhotos.add(file);
            if (labelledTestFaces.contains(other)) {
                testFaces.add(other);
            }
            if (testFaces.contains(other) || other.contains("rmfd_celeb_unmasked")) {
                reachingTests.add(identityOfFile.get(file));
            }
        }
        TreeSet<String> training = new TreeSet<>(identities);
        training.removeAll(reachingTests);
        return new RmfdIdentities(
                Collections.unmodifiableSortedSet(training), Set.copyOf(sharedPhotos), testFaces);
    }

    /**
     * Identities with no photo in a test set, sorted: their masked and unmasked photos may be
     * trained on.
     */
    public Set<String> trainingIdentities() {
        return trainingIdentities;
    }

    public boolean isTraining(Map<String, String> row) {
        return trainingIdentities.contains(row.get("identity"));
    }

    /** The labelled rows of the training identities, the masked or the unmasked photos. */
    public Predicate<Map<String, String>> trainingRows(boolean masked) {
        String value = masked ? "yes" : "no";
        return row -> DataSets.labelled(row) && value.equals(row.get("masked")) && isTraining(row);
    }

    /** A masked photo of a non-training identity that is no other set's photograph. */
    public boolean isValidation(Map<String, String> row) {
        return !isTraining(row)
                && "yes".equals(row.get("masked"))
                && !sharedPhotos.contains(row.get("file"));
    }

    /** The labelled chandrikadeb7 faces (test) that are photos of a validation identity. */
    public Set<String> testFacesOfValidationIdentities() {
        return testFacesOfValidationIdentities;
    }
}
