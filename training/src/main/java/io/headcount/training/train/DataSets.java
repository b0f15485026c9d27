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
    public static final String UTKFACE_TEENS = "utkface_teens";
    public static final String RMFD_CELEB = "rmfd_celeb";
    public static final String MASKED_REAL = "masked_real";

    /** The smallest age of the UTKFace adults (the sets of the targets). */
    public static final int MIN_AGE = 20;

    /**
     * The smallest age whose sex the product judges: fusion leaves a visitor whose age evidence is
     * most likely {@code 0-12} undetermined (aggregation's {@code FusionRules.fuseSex}), so
     * teenagers of 13 to 19 are counted by sex and the head must know them.
     */
    public static final int MIN_TEEN_AGE = 13;

    private DataSets() {}

    public static List<Source> all(Path data, int maskVariants) {
        return List.of(masked(data), utkface(data, maskVariants), celeb(data, maskVariants));
    }

    public static Source utkface(Path data, int maskVariants) {
        return utkfaceAged(UTKFACE, data, MIN_AGE, Integer.MAX_VALUE, maskVariants);
    }

    /** UTKFace teenagers (13 to 19), each face also with synthetic masks. */
    public static Source utkfaceTeens(Path data, int maskVariants) {
        return utkfaceAged(UTKFACE_TEENS, data, MIN_TEEN_AGE, MIN_AGE, maskVariants);
    }

    /** The labelled UTKFace faces aged {@code from} up to but not including {@code until}. */
    private static Source utkfaceAged(
            String name, Path data, int from, int until, int maskVariants) {
        return new Source(
                name,
                data.resolve("faces-sex/utkface_crop_part1/manifest.csv"),
                data,
                row -> age(row) >= from && age(row) < until && labelled(row),
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
