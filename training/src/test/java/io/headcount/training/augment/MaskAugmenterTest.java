package io.headcount.training.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.testkit.SharedAssets;
import io.headcount.training.features.FaceAnalyzer;
import io.headcount.training.files.Images;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.frame.BgrImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Mask placement on real UTKFace faces with YuNet's landmarks, every template. */
class MaskAugmenterTest {

    private static FaceAnalyzer analyzer;
    private static MaskTemplates templates;
    private static final List<BgrImage> IMAGES = new ArrayList<>();
    private static final List<DetectedFace> FACES = new ArrayList<>();

    @BeforeAll
    static void detectFaces() throws IOException {
        Path models = SharedAssets.model("attr_agegender_faceapi_112x112.onnx").getParent();
        templates = MaskTemplates.load(SharedAssets.data("mask-templates/maskthface"));
        analyzer = FaceAnalyzer.open(models, 0.5f, 1.0f);
        Path folder = SharedAssets.data("faces-sex/utkface_crop_part1");
        List<String> lines = Files.readAllLines(folder.resolve("manifest.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            if (Integer.parseInt(fields[2]) >= 20 && IMAGES.size() < 12) {
                BgrImage image = Images.read(folder.getParent().getParent().resolve(fields[0]));
                DetectedFace face = analyzer.detect(image);
                if (face != null) {
                    IMAGES.add(image);
                    FACES.add(face);
                }
            }
        }
        assertThat(FACES).hasSize(12);
    }

    @AfterAll
    static void close() {
        analyzer.close();
    }

    @Test
    void everyChosenTemplateCoversNoseAndMouthAndStaysOnTheLowerFace() {
        MaskAugmenter augmenter = new MaskAugmenter(templates);
        for (int i = 0; i < FACES.size(); i++) {
            DetectedFace face = FACES.get(i);
            // Every style that is chosen at random, in the view that fits the face's pose.
            for (String style : templates.styles()) {
                MaskTemplate template = templates.get(style + HeadPose.of(face).suffix());
                MaskedFace masked = augmenter.apply(IMAGES.get(i), face, template, new Random(i));
                String what = template.name() + " on face " + i;
                // Nose tip and both mouth corners under the mask.
                for (int landmark = 2; landmark <= 4; landmark++) {
                    assertThat(masked.alphaAt(face.landmarkX(landmark), face.landmarkY(landmark)))
                            .as("%s: landmark %d covered", what, landmark)
                            .isGreaterThan(0.5f);
                }
                // Eyes free, and nothing drawn above the eyes or far outside the face box.
                for (int eye = 0; eye <= 1; eye++) {
                    assertThat(masked.alphaAt(face.landmarkX(eye), face.landmarkY(eye)))
                            .as("%s: eye %d free", what, eye)
                            .isZero();
                }
                assertLowerFace(masked, face, what);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameMaskAndAnotherSeedAnotherOne() {
        MaskAugmenter augmenter = new MaskAugmenter(templates);
        BgrImage image = IMAGES.get(0);
        DetectedFace face = FACES.get(0);
        MaskedFace first = augmenter.apply(image, face, Seeds.random(7, "a.jpg", 0));
        MaskedFace again = augmenter.apply(image, face, Seeds.random(7, "a.jpg", 0));
        assertThat(again.image()).isEqualTo(first.image());
        assertThat(again.template()).isEqualTo(first.template());
        boolean anyDifferent = false;
        for (int seed = 8; seed < 14; seed++) {
            anyDifferent |=
                    !augmenter
                            .apply(image, face, Seeds.random(seed, "a.jpg", 0))
                            .image()
                            .equals(first.image());
        }
        assertThat(anyDifferent).isTrue();
        assertThat(first.image()).isNotEqualTo(image);
    }

    @Test
    void aFaceTurnedSidewaysGetsTheMatchingSideTemplate() {
        FaceBox box = new FaceBox(50, 40, 100, 120);
        DetectedFace frontal =
                new DetectedFace(
                        box, 0.9f, new float[] {80, 90, 120, 90, 100, 120, 85, 140, 115, 140});
        DetectedFace noseLeft =
                new DetectedFace(
                        box, 0.9f, new float[] {80, 90, 120, 90, 78, 120, 75, 140, 105, 140});
        DetectedFace noseRight =
                new DetectedFace(
                        box, 0.9f, new float[] {80, 90, 120, 90, 122, 120, 95, 140, 125, 140});
        assertThat(HeadPose.of(frontal)).isEqualTo(HeadPose.FRONTAL);
        assertThat(HeadPose.of(noseLeft)).isEqualTo(HeadPose.LEFT);
        assertThat(HeadPose.of(noseRight)).isEqualTo(HeadPose.RIGHT);
        MaskedFace masked =
                new MaskAugmenter(templates)
                        .apply(BgrImage.filled(200, 200, 90, 120, 160), noseLeft, new Random(1));
        assertThat(masked.template()).endsWith("_left");
    }

    private static void assertLowerFace(MaskedFace masked, DetectedFace face, String what) {
        FaceBox box = face.box();
        double eyeLine = Math.max(face.landmarkY(0), face.landmarkY(1));
        double left = box.x() - 0.1 * box.width();
        double right = box.x() + 1.1 * box.width();
        double bottom = box.y() + 1.25 * box.height();
        int width = masked.image().width();
        for (int index = 0; index < masked.alpha().length; index++) {
            if (masked.alpha()[index] > 0.1f) {
                int x = index % width;
                int y = index / width;
                assertThat(y)
                        .as("%s: mask pixel (%d,%d) below the eyes", what, x, y)
                        .isGreaterThan((int) eyeLine);
                assertThat(x)
                        .as("%s: mask pixel x within the face", what)
                        .isBetween((int) left, (int) right + 1);
                assertThat(y)
                        .as("%s: mask pixel y above the chin", what)
                        .isLessThanOrEqualTo((int) bottom + 1);
            }
        }
    }
}
