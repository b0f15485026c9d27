package io.headcount.training.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Occlusion normalisation on real UTKFace faces with YuNet's landmarks. */
class LowerFaceBlankingTest {

    private static final List<BgrImage> IMAGES = new ArrayList<>();
    private static final List<DetectedFace> FACES = new ArrayList<>();

    @BeforeAll
    static void detectFaces() throws IOException {
        Path models = SharedAssets.model("attr_agegender_faceapi_112x112.onnx").getParent();
        Path folder = SharedAssets.data("faces-sex/utkface_crop_part1");
        List<String> lines = Files.readAllLines(folder.resolve("manifest.csv"));
        try (FaceAnalyzer analyzer = FaceAnalyzer.open(models, 0.5f, 1.0f)) {
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
        }
        assertThat(FACES).hasSize(12);
    }

    @Test
    void paintsNoseTipAndMouthWithTheMeanColourAndLeavesEyesAndAboveUntouched() {
        LowerFaceBlanking blanking = LowerFaceBlanking.below(0.3);
        for (int i = 0; i < FACES.size(); i++) {
            BgrImage image = IMAGES.get(i);
            byte[] before = image.pixels().clone();
            DetectedFace face = FACES.get(i);
            BgrImage painted = blanking.apply(image, face);
            assertThat(image.pixels()).as("input untouched").isEqualTo(before);
            for (int landmark = 2; landmark <= 4; landmark++) {
                assertThat(isMeanColour(painted, face, landmark))
                        .as("face %d: landmark %d painted", i, landmark)
                        .isTrue();
            }
            // Every pixel above the lower eye is as it was (the eyes, brows, forehead).
            int eyes = (int) Math.floor(Math.max(face.landmarkY(0), face.landmarkY(1)));
            for (int y = 0; y <= Math.min(eyes, image.height() - 1); y++) {
                for (int x = 0; x < image.width(); x++) {
                    for (int c = 0; c < 3; c++) {
                        assertThat(painted.sample(x, y, c))
                                .as("face %d: (%d, %d) untouched", i, x, y)
                                .isEqualTo(image.sample(x, y, c));
                    }
                }
            }
        }
    }

    @Test
    void aBandLeavesTheSidesOfTheFaceUntouched() {
        for (int i = 0; i < FACES.size(); i++) {
            DetectedFace face = FACES.get(i);
            BgrImage image = IMAGES.get(i);
            BgrImage painted = new LowerFaceBlanking(0.3, 0.4).apply(image, face);
            assertThat(isMeanColour(painted, face, 2)).as("face %d: nose tip painted", i).isTrue();
            // The image's left and right columns at mouth height lie more than 0.4 eye distances
            // beside the face's axis.
            int y = Math.round((face.landmarkY(3) + face.landmarkY(4)) / 2);
            for (int x : new int[] {0, image.width() - 1}) {
                for (int c = 0; c < 3; c++) {
                    assertThat(painted.sample(x, y, c)).isEqualTo(image.sample(x, y, c));
                }
            }
            assertThat(countPainted(LowerFaceBlanking.below(0.3).apply(image, face)))
                    .isGreaterThan(countPainted(painted));
        }
    }

    @Test
    void followsTheFaceTurnedUpsideDown() {
        for (int i = 0; i < FACES.size(); i++) {
            BgrImage image = IMAGES.get(i);
            DetectedFace face = FACES.get(i);
            BgrImage turned = upsideDown(image);
            float[] l = new float[10];
            // Landmark order is by image side: the eyes and the mouth corners swap sides.
            int[] from = {1, 0, 2, 4, 3};
            for (int k = 0; k < 5; k++) {
                l[2 * k] = image.width() - face.landmarkX(from[k]);
                l[2 * k + 1] = image.height() - face.landmarkY(from[k]);
            }
            DetectedFace turnedFace = new DetectedFace(new FaceBox(0, 0, 1, 1), 1f, l);
            LowerFaceBlanking blanking = LowerFaceBlanking.below(0.45);
            BgrImage expected = upsideDown(blanking.apply(image, face));
            BgrImage actual = blanking.apply(turned, turnedFace);
            int differing = 0;
            for (int p = 0; p < actual.pixels().length; p++) {
                differing += actual.pixels()[p] != expected.pixels()[p] ? 1 : 0;
            }
            // Rounding may move a pixel on the line itself to the other side, no more.
            assertThat(differing).as("face %d", i).isLessThan(3 * image.width());
            assertThat(isMeanColour(actual, turnedFace, 3)).isTrue();
        }
    }

    @Test
    void rejectsANegativeDepthOrAnEmptyBand() {
        assertThatThrownBy(() -> LowerFaceBlanking.below(-0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LowerFaceBlanking(0.3, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new LowerFaceBlanking(0.45, 1.2).label()).isEqualTo("k0.45w1.2");
        assertThat(LowerFaceBlanking.below(0.3).label()).isEqualTo("k0.3");
    }

    private static boolean isMeanColour(BgrImage image, DetectedFace face, int landmark) {
        int x = (int) face.landmarkX(landmark);
        int y = (int) face.landmarkY(landmark);
        return image.sample(x, y, 0) == LowerFaceBlanking.BLUE
                && image.sample(x, y, 1) == LowerFaceBlanking.GREEN
                && image.sample(x, y, 2) == LowerFaceBlanking.RED;
    }

    private static int countPainted(BgrImage image) {
        int n = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                n +=
                        image.sample(x, y, 0) == LowerFaceBlanking.BLUE
                                        && image.sample(x, y, 1) == LowerFaceBlanking.GREEN
                                        && image.sample(x, y, 2) == LowerFaceBlanking.RED
                                ? 1
                                : 0;
            }
        }
        return n;
    }

    private static BgrImage upsideDown(BgrImage image) {
        int w = image.width();
        int h = image.height();
        byte[] pixels = new byte[image.pixels().length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    pixels[((h - 1 - y) * w + (w - 1 - x)) * 3 + c] =
                            image.pixels()[(y * w + x) * 3 + c];
                }
            }
        }
        return new BgrImage(w, h, pixels);
    }
}
