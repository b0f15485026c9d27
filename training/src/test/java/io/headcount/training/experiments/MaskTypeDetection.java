package io.headcount.training.experiments;

import io.headcount.testkit.FaceScenes;
import io.headcount.testkit.SharedAssets;
import io.headcount.training.augment.HeadPose;
import io.headcount.training.augment.MaskAugmenter;
import io.headcount.training.augment.MaskTemplates;
import io.headcount.training.files.Images;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.MaskDetection;
import io.headcount.vision.attributes.MaskHead;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.frame.FrameDecoder;
import io.headcount.vision.models.ModelManifest;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The figures behind "the mask detector and the kind of mask" (bench/README.md): which kinds of
 * mask the frame-level mask detector (UltraFace mask3cls, the default set's mask answer) calls
 * masked. UTKFace adults ({@code FaceScenes.adultFaces}), each wearing every face-mask style in
 * turn, placed on its YuNet landmarks by the augmenter, pasted with its longest side at {@code
 * side} px on a mid-grey 1280x720 frame and sent as a JPEG. Per style: faces the mask detector
 * calls masked, calls unmasked, or does not find. Run: {@code java -cp ... MaskTypeDetection
 * [faces] [side]} (default 100 faces, 120 px).
 */
public final class MaskTypeDetection {

    private MaskTypeDetection() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int side = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        ModelManifest manifest = ModelManifest.defaults();
        String models = SharedAssets.model(YuNetModel.SPEC.fileName()).getParent().toString();
        MaskTemplates templates =
                MaskTemplates.load(SharedAssets.data("mask-templates/maskthface"));
        MaskAugmenter augmenter = new MaskAugmenter(templates);
        List<String> styles = templates.styles();
        int[][] answers = new int[styles.size()][3]; // masked, unmasked, not found
        Random random = new Random(1);
        try (YuNetDetector yunet = YuNetDetector.open(DetectorSettings.yunet(models));
                MaskHead mask =
                        MaskHead.open(
                                manifest.model(MaskHead.ROLE),
                                AttributeSettings.defaults(manifest, models))) {
            for (Path file : FaceScenes.adultFaces(count)) {
                BgrImage face = Images.read(file);
                DetectedFace found =
                        yunet.detect(face).stream()
                                .max(Comparator.comparing(DetectedFace::score))
                                .orElse(null);
                if (found == null) {
                    continue;
                }
                for (int s = 0; s < styles.size(); s++) {
                    BgrImage masked =
                            augmenter
                                    .apply(
                                            face,
                                            found,
                                            templates.get(
                                                    styles.get(s) + HeadPose.of(found).suffix()),
                                            random)
                                    .image();
                    MaskDetection answer = answerInFrame(mask, masked, side);
                    answers[s][answer == null ? 2 : answer.maskedShare() >= 0.5 ? 0 : 1]++;
                }
            }
        }
        System.out.printf(
                "longest side %d px: style, called masked / unmasked / not found%n", side);
        for (int s = 0; s < styles.size(); s++) {
            System.out.printf(
                    "%s\t%d / %d / %d%n",
                    styles.get(s), answers[s][0], answers[s][1], answers[s][2]);
        }
    }

    /** The mask detector's most confident face within the photo, in a camera's frame. */
    private static MaskDetection answerInFrame(MaskHead mask, BgrImage face, int side)
            throws Exception {
        byte[] jpeg = FaceScenes.photoInCameraFrame(Images.toBufferedImage(face), side);
        FaceBox photo = new FaceBox(FaceScenes.PHOTO_X, FaceScenes.PHOTO_Y, side, side);
        MaskDetection best = null;
        for (MaskDetection found : mask.detect(new FrameDecoder().decode(jpeg)).asList()) {
            FaceBox box = found.box();
            float x = box.x() + box.width() / 2;
            float y = box.y() + box.height() / 2;
            boolean inside =
                    x > photo.x()
                            && x < photo.x() + photo.width()
                            && y > photo.y()
                            && y < photo.y() + photo.height();
            if (inside && (best == null || found.score() > best.score())) {
                best = found;
            }
        }
        return best;
    }
}
