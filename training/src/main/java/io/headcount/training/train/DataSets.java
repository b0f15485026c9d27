package io.headcount.training.train;

import io.headcount.training.features.FeatureExtraction.Source;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The data sets of shared/data that {@code train-head} uses (DATA.md):
 *
 * <ul>
 *   <li>{@link #UTKFACE} adults (age 20 and over): trained on and tested on (a split that keeps a
 *       face and its synthetic masks on one side), each face also with synthetic masks;
 *   <li>{@link #RMFD_CELEB} unmasked celebrities, each also with synthetic masks: never used to
 *       train the sex head (their identities probably recur in the real masked crops, so the sex
 *       labels would leak into the real-mask figures); the mask head trains on 75 % of the
 *       identities and is tested on the rest, because UTKFace alone teaches it to call these
 *       unmasked faces masked;
 *   <li>{@link #MASKED_REAL}: the 251 real masked faces labelled male / female: tested only, never
 *       trained on.
 * </ul>
 */
public final class DataSets {

    public static final String UTKFACE = "utkface";
    public static final String RMFD_CELEB = "rmfd_celeb";
    public static final String MASKED_REAL = "masked_real";

    /** The smallest age of the UTKFace faces used (the product counts adults' sex). */
    public static final int MIN_AGE = 20;

    private DataSets() {}

    public static List<Source> all(Path data, int maskVariants) {
        return List.of(masked(data), utkface(data, maskVariants), celeb(data, maskVariants));
    }

    public static Source utkface(Path data, int maskVariants) {
        return new Source(
                UTKFACE,
                data.resolve("faces-sex/utkface_crop_part1/manifest.csv"),
                data,
                row -> age(row) >= MIN_AGE && labelled(row),
                maskVariants);
    }

    public static Source celeb(Path data, int maskVariants) {
        return new Source(
                RMFD_CELEB,
                data.resolve("faces-sex/rmfd_celeb_unmasked/manifest.csv"),
                data,
                DataSets::labelled,
                maskVariants);
    }

    public static Source masked(Path data) {
        return new Source(
                MASKED_REAL,
                data.resolve("masked-real/chandrikadeb7_with_mask/manifest.csv"),
                data,
                DataSets::labelled,
                0);
    }

    static boolean labelled(Map<String, String> row) {
        String sex = row.getOrDefault("sex", "");
        return sex.equals("male") || sex.equals("female");
    }

    private static int age(Map<String, String> row) {
        try {
            return Integer.parseInt(row.getOrDefault("age", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
