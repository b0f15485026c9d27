package io.headcount.inference.experiments;

import io.headcount.testkit.FaceScenes;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.FrameMasks;
import io.headcount.vision.attributes.MaskCorroboration;
import io.headcount.vision.attributes.MaskHead;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.frame.FrameDecoder;
import io.headcount.vision.models.ModelManifest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The figures behind {@link MaskCorroboration} (bench/README.md, "the mask detector's second
 * opinion"): real masked photos pasted on a mid-grey 1280x720 frame with their longest side at 60
 * to 160 px, sent as a JPEG (ImageIO's default quality), and how many of them the job's detection
 * finds: YuNet alone at its threshold, and with the mask detector's second opinion. Run: {@code
 * java -cp ... MaskedPhotoDetection masked-real/rof_masked_dev [limit]} (a folder of the shared
 * data; its first {@code limit} JPEG files by name, default all).
 */
public final class MaskedPhotoDetection {

    private static final int[] LONGEST_SIDES = {60, 80, 100, 120, 160};

    private MaskedPhotoDetection() {}

    public static void main(String[] args) throws Exception {
        Path folder = SharedAssets.data(args[0]);
        long limit = args.length > 1 ? Long.parseLong(args[1]) : Long.MAX_VALUE;
        List<Path> photos;
        try (Stream<Path> files = Files.walk(folder)) {
            photos =
                    files.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(limit).toList();
        }
        ModelManifest manifest = ModelManifest.defaults();
        String models = SharedAssets.model(YuNetModel.SPEC.fileName()).getParent().toString();
        DetectorSettings detector = DetectorSettings.yunet(models);
        MaskCorroboration corroboration = new MaskCorroboration(detector.scoreThreshold(), 0.3f);
        int[] alone = new int[LONGEST_SIDES.length];
        int[] corroborated = new int[LONGEST_SIDES.length];
        try (YuNetDetector yunet = YuNetDetector.open(corroboration.decodingDown(detector));
                MaskHead mask =
                        MaskHead.open(
                                manifest.model(MaskHead.ROLE),
                                AttributeSettings.defaults(manifest, models))) {
            for (Path photo : photos) {
                BufferedImage source = ImageIO.read(photo.toFile());
                for (int s = 0; s < LONGEST_SIDES.length; s++) {
                    var frame =
                            new FrameDecoder()
                                    .decode(
                                            FaceScenes.photoInCameraFrame(
                                                    source, LONGEST_SIDES[s]));
                    List<DetectedFace> decoded = yunet.detect(frame);
                    FrameMasks masks = mask.detect(frame);
                    if (!corroboration.keep(decoded, null).faces().isEmpty()) {
                        alone[s]++;
                    }
                    if (!corroboration.keep(decoded, masks).faces().isEmpty()) {
                        corroborated[s]++;
                    }
                }
            }
        }
        for (int s = 0; s < LONGEST_SIDES.length; s++) {
            System.out.printf(
                    "%s, longest side %d px: %d photos, found by YuNet alone %d, with the second"
                            + " opinion %d%n",
                    args[0], LONGEST_SIDES[s], photos.size(), alone[s], corroborated[s]);
        }
    }
}
