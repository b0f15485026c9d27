package io.headcount.training.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.testkit.SharedAssets;
import io.headcount.training.features.FeatureExtraction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sex head's UTKFace sets keep every face on one side: no file is in two of them, the
 * teenagers' sets hold only ages 13 to 19 and the adults' only 20 and over, and every teenager of
 * the training side is trained or validated on.
 */
class UtkSplitsTest {

    private static final List<String> UTK_SETS =
            List.of(
                    "faceres_utk_fit",
                    "faceres_utk_validation",
                    "faceres_utk_test",
                    SexHeadTraining.UTK_TEENS_FIT,
                    SexHeadTraining.UTK_TEENS_VALIDATION,
                    SexHeadTraining.UTK_TEENS_TEST);

    private final Path data =
            SharedAssets.data("faces-sex/utkface_crop_part1").getParent().getParent();

    @Test
    void everyUtkFaceIsInOneSetAndTeenagersAreKeptApartFromAdults() throws IOException {
        SexHeadTraining training =
                new SexHeadTraining(
                        new SexHeadTraining.Options(
                                data, data, data, data, data, 20261128L, 0.5f, 0.1f, 1, true));
        Map<String, String> setOfFile = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        for (FeatureExtraction.Source source : SexHeadTraining.allSources(training, true)) {
            if (!UTK_SETS.contains(source.name())) {
                continue;
            }
            boolean teens = source.name().contains("teens");
            for (Map<String, String> row : SexHeadTraining.rows(source.manifest())) {
                if (!source.rows().test(row)) {
                    continue;
                }
                int age = Integer.parseInt(row.get("age"));
                if (teens) {
                    assertThat(age).as(row.get("file")).isBetween(13, 19);
                } else {
                    assertThat(age).as(row.get("file")).isGreaterThanOrEqualTo(20);
                }
                String earlier = setOfFile.put(row.get("file"), source.name());
                assertThat(earlier).as("%s is also in %s", row.get("file"), earlier).isNull();
                sizes.merge(source.name(), 1, Integer::sum);
            }
        }
        assertThat(sizes.keySet()).containsExactlyInAnyOrderElementsOf(UTK_SETS);
        FeatureExtraction.Source teens = DataSets.utkfaceTeens(data, 1);
        long labelledTeens =
                SexHeadTraining.rows(teens.manifest()).stream().filter(teens.rows()).count();
        assertThat(
                        sizes.get(SexHeadTraining.UTK_TEENS_FIT)
                                + sizes.get(SexHeadTraining.UTK_TEENS_VALIDATION)
                                + sizes.get(SexHeadTraining.UTK_TEENS_TEST))
                .as("every labelled teenager is on one side")
                .isEqualTo((int) labelledTeens);
    }
}
