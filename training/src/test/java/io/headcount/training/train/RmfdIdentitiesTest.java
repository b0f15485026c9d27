package io.headcount.training.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.testkit.SharedAssets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The RMFD identities the sex head trains on reach no test face: checked against the shared data's
 * own overlap list and manifests, not against a list written here.
 */
class RmfdIdentitiesTest {

    private final Path data =
            SharedAssets.data("faces-sex/utkface_crop_part1").getParent().getParent();

    @Test
    void noPhotoOfATrainingIdentityIsALabelledTestFaceOrAnUnmaskedCelebrityTestPhoto()
            throws IOException {
        RmfdIdentities rmfd = RmfdIdentities.load(data);
        Set<String> labelledTestFaces = new HashSet<>();
        for (Map<String, String> row : SexHeadTraining.rows(DataSets.masked(data).manifest())) {
            if (DataSets.labelled(row)) {
                labelledTestFaces.add(row.get("file"));
            }
        }
        Map<String, String> identityOfFile = new HashMap<>();
        for (Map<String, String> row :
                SexHeadTraining.rows(data.resolve(RmfdIdentities.MANIFEST))) {
            identityOfFile.put(row.get("file"), row.get("identity"));
        }
        int testPhotosOfOthers = 0;
        for (Map<String, String> pair :
                SexHeadTraining.rows(data.resolve(RmfdIdentities.OVERLAP))) {
            String other = pair.get("same_photo_as");
            boolean test =
                    labelledTestFaces.contains(other) || other.contains("rmfd_celeb_unmasked");
            if (test) {
                testPhotosOfOthers++;
                assertThat(rmfd.trainingIdentities())
                        .as("%s is the test photo %s", pair.get("file"), other)
                        .doesNotContain(identityOfFile.get(pair.get("file")));
            }
        }
        assertThat(testPhotosOfOthers).as("the overlap list names test photos").isPositive();
        // DATA.md §9: 23 identities, of which those above reach a test set.
        assertThat(rmfd.trainingIdentities()).hasSizeBetween(1, 22);
        assertThat(rmfd.testFacesOfValidationIdentities())
                .isNotEmpty()
                .allMatch(labelledTestFaces::contains);
    }

    @Test
    void validationPhotosAreMaskedPhotosOfOtherIdentitiesThatNoOtherSetHolds() throws IOException {
        RmfdIdentities rmfd = RmfdIdentities.load(data);
        Set<String> shared = new HashSet<>();
        for (Map<String, String> pair :
                SexHeadTraining.rows(data.resolve(RmfdIdentities.OVERLAP))) {
            shared.add(pair.get("file"));
        }
        List<Map<String, String>> rows =
                SexHeadTraining.rows(data.resolve(RmfdIdentities.MANIFEST));
        List<Map<String, String>> validation = rows.stream().filter(rmfd::isValidation).toList();
        assertThat(validation).isNotEmpty();
        assertThat(validation)
                .allMatch(row -> row.get("masked").equals("yes"))
                .noneMatch(rmfd::isTraining)
                .noneMatch(row -> shared.contains(row.get("file")));
        assertThat(validation.stream().map(row -> row.get("sex")).distinct())
                .containsExactlyInAnyOrder("male", "female");
    }
}
