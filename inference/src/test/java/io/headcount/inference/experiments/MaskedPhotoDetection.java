package io.headcount.inference.experiments;

import io.headcount.testkit.FaceScenes;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.FrameMasks;
import io.headcount.vision.attributes.MaskCorroboration;
import io.headcount.vision.attributes.MaskHead;
import io.headcount.vision.attributes.RegionSearch;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.frame.FrameDecoder;
import io.headcount.vision.models.ModelManifest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The figures behind {@link MaskCorroboration} (bench/README.md, "the mask detector's second
 * opinion"): real masked photos pasted on a mid-grey 1280x720 frame with their longest side at 60
 * to 160 px, sent as a JPEG (ImageIO's default quality), and how many of them the job's detection
 * finds: YuNet alone at its threshold, and with the mask detector's second opinion from each floor
 * of {@link #FLOORS} (the default {@value MaskCorroboration#DEFAULT_FLOOR} among them), and the
 * default floor with {@link RegionSearch} around the mask findings (the job's default). Run: {@code
 * java -cp ... MaskedPhotoDetection masked-real/rof_masked_dev [limit]} (a folder of the shared
 * data; its first {@code limit} JPEG files by name, default all).
 */
public final class MaskedPhotoDetection {

    private static final int[] LONGEST_SIDES = {60, 80, 100, 120, 160};

    /** The second opinion's floors compared; the first is the threshold itself: YuNet alone. */
    private static final float[] FLOORS = {0.6f, 0.3f, MaskCorroboration.DEFAULT_FLOOR, 0.1f};

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
        float threshold = detector.scoreThreshold();
        // The last column: the job's default, the second opinion with the search around findings.
        int[][] found = new int[LONGEST_SIDES.length][FLOORS.length + 1];
        MaskCorroboration job =
                new MaskCorroboration(
                        threshold,
                        MaskCorroboration.DEFAULT_FLOOR,
                        threshold,
                        threshold,
                        RegionSearch.DEFAULT_MAX_REGIONS);
        try (YuNetDetector yunet = YuNetDetector.open(detector.withScoreThreshold(0.1f));
                RegionSearch search = RegionSearch.open(detector, job);
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
                    for (int f = 0; f < FLOORS.length; f++) {
                        MaskCorroboration corroboration =
                                new MaskCorroboration(threshold, Math.min(threshold, FLOORS[f]));
                        if (corroboration.keep(decoded, masks).found() > 0) {
                            found[s][f]++;
                        }
                    }
                    List<DetectedFace> fromFloor =
                            decoded.stream().filter(d -> d.score() >= job.floor()).toList();
                    if (job.keep(search.search(frame, fromFloor, masks, List.of()).faces(), masks)
                                    .found()
                            > 0) {
                        found[s][FLOORS.length]++;
                    }
                }
            }
        }
        for (int s = 0; s < LONGEST_SIDES.length; s++) {
            System.out.printf(
                    "%s, longest side %d px: %d photos, found with the second opinion from %s, then the"
                            + " default with the search around mask findings: %s%n",
                    args[0],
                    LONGEST_SIDES[s],
                    photos.size(),
                    Arrays.toString(FLOORS),
                    Arrays.toString(found[s]));
        }
    }
}
