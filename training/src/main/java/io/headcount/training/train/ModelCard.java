package io.headcount.training.train;

import io.headcount.training.features.Sample;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The model card of a {@code train-head} run, in Markdown: data, split, training, metrics. */
final class ModelCard {

    private ModelCard() {}

    static String markdown(
            HeadTraining.Options options,
            String sexVersion,
            String maskVersion,
            HeadTrainer.Trained sex,
            HeadTrainer.Trained mask,
            Map<String, Object> report,
            Map<String, List<Sample>> sets) {
        StringBuilder md = new StringBuilder();
        md.append("# Model card: headcount linear heads on face-api features\n\n");
        md.append("| head | file | version | output |\n|---|---|---|---|\n");
        md.append("| sex | ")
                .append(HeadTraining.SEX_HEAD_FILE)
                .append(" | ")
                .append(sexVersion)
                .append(" | probabilities [N,2] = p(male), p(female) |\n");
        md.append("| mask | ")
                .append(HeadTraining.MASK_HEAD_FILE)
                .append(" | ")
                .append(maskVersion)
                .append(" | probabilities [N,2] = p(unmasked), p(masked) |\n\n");
        md.append("## Input\n\n");
        md.append("`features [N,512]`: the `features` output of the face-api age/sex model (")
                .append(report.get("backbone"))
                .append("), on a square crop of ")
                .append(options.cropScale())
                .append(
                        " x the longer YuNet box side (`attributes.crop-scale`); pre-cropped images ")
                .append("padded with grey by ")
                .append(options.padding())
                .append(" x their size on each side before detection, as `headcount eval` does.");
        md.append(
                options.views()
                        ? " The sex head takes the mean features of 6 views of the face (crops of"
                                + " 0.9, 1.0 and 1.1 x that side, each also mirrored), computed the"
                                + " same way by the job; the mask head the single crop.\n\n"
                        : "\n\n");
        md.append("## Data\n\n");
        for (Map.Entry<String, List<Sample>> set : sets.entrySet()) {
            List<Sample> samples = set.getValue();
            long originals = samples.stream().filter(s -> s.variant().equals("original")).count();
            long found = samples.stream().filter(Sample::answerable).count();
            md.append(
                    String.format(
                            Locale.ROOT,
                            "* `%s`: %d images, %d samples with synthetic masks, %d of %d samples"
                                    + " with a usable face\n",
                            set.getKey(),
                            originals,
                            samples.size() - originals,
                            found,
                            samples.size()));
        }
        md.append(
                String.format(
                        Locale.ROOT,
                        "%nTrained on UTKFace crop_part1, age >= %d: %.0f %% of the faces by a hash of"
                                + " seed %d and the file (UTKFace has no identities; a face and its"
                                + " synthetic masks stay on one side). %d synthetic mask(s) per"
                                + " face (MaskTheFace templates, pose-matched, homography from"
                                + " YuNet landmarks). Tested on the other faces of the split, on"
                                + " the 251 real masked faces labelled male/female and on the"
                                + " RMFD celebrities, none of which the sex head is trained on: the"
                                + " celebrities' identities probably recur among the real masked"
                                + " crops. The mask head also trains on %.0f %% of the celebrity"
                                + " identities (originals and synthetic masks) and is tested on the"
                                + " rest: trained on UTKFace alone it called a third of these"
                                + " unmasked faces masked.%n%n",
                        DataSets.MIN_AGE,
                        100 * options.trainShare(),
                        options.seed(),
                        options.maskVariants(),
                        100 * options.trainShare()));
        md.append("## Training\n\n");
        md.append(
                "L2-regularised logistic regression (Newton's method) on standardised features,"
                        + " class-balanced (each class weighs half), the penalty chosen by the"
                        + " validation log-loss on 20 % of the training identities, then refitted"
                        + " on all training faces; the standardisation is folded into the"
                        + " exported weights. ONNX written with Tribuo's ONNX graph builder"
                        + " (Gemm, Softmax).\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "* sex: %d training rows (%d female), lambda %s%n* mask: %d training rows"
                                + " (%d masked), lambda %s%n%n",
                        sex.rows(),
                        sex.positives(),
                        sex.lambda(),
                        mask.rows(),
                        mask.positives(),
                        mask.lambda()));
        md.append("## Sex accuracy: face-api baseline vs trained head\n\n");
        md.append(Reports.sexTable(report));
        md.append("\n## Mask\n\n");
        md.append(Reports.maskTable(report));
        md.append(
                "\nCoverage counts every labelled image: a face not found or below the quality"
                        + " gate is unanswered. `acc@70%` is the accuracy of the most confident 70 %"
                        + " (threshold chosen on the set itself: an upper bound).\n");
        return md.toString();
    }
}
