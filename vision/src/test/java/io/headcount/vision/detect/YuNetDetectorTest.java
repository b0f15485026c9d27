package io.headcount.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.testkit.SharedAssets;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.testing.TestImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** YuNet-n on real faces (UTKFace crops), alone and pasted into a camera-sized frame. */
class YuNetDetectorTest {

    private static YuNetDetector detector;

    @BeforeAll
    static void openDetector() {
        Path models = SharedAssets.model(YuNetModel.SPEC.fileName()).getParent();
        detector = YuNetDetector.open(DetectorSettings.yunet(models.toString()));
    }

    @AfterAll
    static void closeDetector() {
        detector.close();
    }

    @Test
    void findsExactlyOneFaceInEachOfTwentyAlignedCrops() {
        for (Path file : TestImages.adultFaces(20)) {
            BgrImage crop = TestImages.read(file);

            List<DetectedFace> faces = detector.detect(crop);

            assertThat(faces).as(file.getFileName().toString()).hasSize(1);
            DetectedFace face = faces.get(0);
            FaceBox box = face.box();
            assertThat(face.score()).isGreaterThanOrEqualTo(0.6f);
            // An aligned crop: the face is large and its centre near the image centre.
            assertThat(box.shorterSide())
                    .as("face size in %s", file.getFileName())
                    .isBetween(60f, 200f);
            assertThat(box.x() + box.width() / 2).isBetween(60f, 140f);
            assertThat(box.y() + box.height() / 2).isBetween(60f, 140f);
            // Eyes above the mouth, the image-left eye left of the image-right eye.
            assertThat(face.landmarkX(0)).isLessThan(face.landmarkX(1));
            assertThat(face.landmarkY(0)).isLessThan(face.landmarkY(3));
        }
    }

    @Test
    void findsEveryFacePastedIntoA1280x720FrameWhereItWasPasted() {
        List<Path> files = TestImages.adultFaces(20).subList(0, 6);
        int[][] corners = {{40, 60}, {330, 420}, {560, 80}, {800, 460}, {1040, 40}, {1060, 300}};
        BgrImage frame = TestImages.greyFrame(1280, 720);
        List<FaceBox> expected = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            BgrImage crop = TestImages.read(files.get(i));
            FaceBox alone = detector.detect(crop).get(0).box();
            int x = corners[i][0];
            int y = corners[i][1];
            frame = TestImages.paste(frame, crop, x, y);
            expected.add(new FaceBox(alone.x() + x, alone.y() + y, alone.width(), alone.height()));
        }

        List<DetectedFace> faces = detector.detect(frame);

        assertThat(faces).hasSize(files.size());
        for (int i = 0; i < expected.size(); i++) {
            FaceBox pasted = expected.get(i);
            int[] corner = corners[i];
            assertThat(faces)
                    .as("a face where crop %d was pasted at %d,%d", i, corner[0], corner[1])
                    .anySatisfy(
                            face -> {
                                assertThat(face.box().iou(pasted)).isGreaterThan(0.5f);
                                float centerX = face.box().x() + face.box().width() / 2;
                                float centerY = face.box().y() + face.box().height() / 2;
                                assertThat(centerX).isBetween((float) corner[0], corner[0] + 200f);
                                assertThat(centerY).isBetween((float) corner[1], corner[1] + 200f);
                            });
        }
    }

    @Test
    void aFrameLetterboxedAheadOfTimeGivesTheSameFaces() {
        List<Path> files = TestImages.adultFaces(20).subList(0, 3);
        BgrImage frame = TestImages.greyFrame(1280, 720);
        for (int i = 0; i < files.size(); i++) {
            frame = TestImages.paste(frame, TestImages.read(files.get(i)), 100 + 400 * i, 200);
        }
        LetterboxTensor prepared =
                YuNetDetector.letterboxFor(
                                DetectorSettings.yunet(
                                        SharedAssets.model(YuNetModel.SPEC.fileName())
                                                .getParent()
                                                .toString()))
                        .apply(frame);

        List<DetectedFace> direct = detector.detect(frame);
        assertThat(direct).hasSize(3);
        assertThat(detector.detect(frame, prepared)).isEqualTo(direct);
    }

    @Test
    void findsNoFaceInAnEmptyFrame() {
        assertThat(detector.detect(TestImages.greyFrame(1280, 720))).isEmpty();
    }

    @Test
    void reportsItsModelVersion() {
        assertThat(detector.modelVersion())
                .isEqualTo("yunet-n@" + YuNetModel.SPEC.sha256().substring(0, 12));
    }

    @Test
    void aBatchOfFramesGivesTheFacesOfEachFrameDetectedAlone() {
        // Three 1280x720 frames with 0, 1 and 3 real faces: one model run over the batch must
        // give each frame its own faces, as one run per frame does (the GPU path batches).
        List<Path> files = TestImages.adultFaces(20).subList(6, 10);
        List<BgrImage> frames = new ArrayList<>();
        frames.add(TestImages.greyFrame(1280, 720));
        frames.add(
                TestImages.paste(
                        TestImages.greyFrame(1280, 720), TestImages.read(files.get(0)), 100, 200));
        BgrImage three = TestImages.greyFrame(1280, 720);
        for (int i = 1; i < 4; i++) {
            three = TestImages.paste(three, TestImages.read(files.get(i)), 300 * i, 100 + 90 * i);
        }
        frames.add(three);
        Letterbox letterbox = new Letterbox(Letterbox.DEFAULT_LONGEST_SIDE);
        List<LetterboxTensor> tensors = new ArrayList<>();
        tensors.add(letterbox.apply(frames.get(0)));
        tensors.add(null);
        tensors.add(letterbox.apply(frames.get(2)));

        List<List<DetectedFace>> batched = detector.detectAll(frames, tensors);

        assertThat(batched).hasSize(3);
        assertThat(batched.stream().map(List::size).toList()).containsExactly(0, 1, 3);
        for (int f = 0; f < frames.size(); f++) {
            List<DetectedFace> alone = detector.detect(frames.get(f));
            assertThat(batched.get(f)).hasSameSizeAs(alone);
            for (int i = 0; i < alone.size(); i++) {
                DetectedFace expected = alone.get(i);
                DetectedFace actual = batched.get(f).get(i);
                assertThat(actual.box().iou(expected.box()))
                        .as("frame %d face %d", f, i)
                        .isGreaterThan(0.999f);
                assertThat(actual.score())
                        .isCloseTo(expected.score(), org.assertj.core.data.Offset.offset(1e-4f));
                assertThat(actual.landmarks())
                        .containsExactly(
                                expected.landmarks(), org.assertj.core.data.Offset.offset(0.01f));
            }
        }
    }

    @Test
    void aBatchRefusesTensorsOfDifferentSizes() {
        List<BgrImage> frames =
                List.of(TestImages.greyFrame(1280, 720), TestImages.greyFrame(640, 640));
        Letterbox letterbox = new Letterbox(Letterbox.DEFAULT_LONGEST_SIDE);
        List<LetterboxTensor> tensors = frames.stream().map(letterbox::apply).toList();

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> detector.detectAll(frames, tensors))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one size");
    }
}
