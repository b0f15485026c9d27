package io.headcount.vision.attributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headcount.testkit.SharedAssets;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.frame.FrameDecoder;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.quality.FaceQualityMeasure;
import io.headcount.vision.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The attribute heads on real faces: UTKFace adults and real masked crops. */
class FaceDescriberTest {

    private static final ModelManifest MANIFEST = ModelManifest.defaults();

    private static Path models;
    private static YuNetDetector detector;
    private static FaceDescriber describer;

    @BeforeAll
    static void open() {
        for (String role : List.of("detector", "sex-age", "sex", "expression", "mask")) {
            models = SharedAssets.model(MANIFEST.model(role).spec().fileName()).getParent();
        }
        detector = YuNetDetector.open(DetectorSettings.yunet(models.toString()));
        describer = FaceDescriber.open(AttributeSettings.defaults(MANIFEST, models.toString()));
    }

    @AfterAll
    static void close() {
        describer.close();
        detector.close();
    }

    @Test
    void theDefaultSetTellsTheSexOfAtLeastNinetyPercentOfFortyUtkFaceAdults() {
        int correct = 0;
        List<Path> faces = TestImages.adultFaces(40);
        for (Path file : faces) {
            BgrImage image = TestImages.read(file);
            FaceDescription description = describeLargest(image);
            // UTKFace names: [age]_[gender]_[race]_..., gender 0 = male, 1 = female.
            boolean female = file.getFileName().toString().split("_")[1].equals("1");
            assertThat(description.usable()).as("quality of %s", file.getFileName()).isTrue();
            correct += (description.female() > 0.5f) == female ? 1 : 0;
        }
        assertThat((double) correct / faces.size())
                .as("sex accuracy on %d UTKFace adults", faces.size())
                .isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void theDefaultSetCallsChildrenChildren() {
        // Sex fusion's children rule needs 0-12; the FaceRes age head was trained on adults only.
        List<Path> children = utkFaces(4, 10, 20);
        int described = 0;
        int child = 0;
        for (Path file : children) {
            FaceDescription description = describeLargest(TestImages.read(file));
            if (description.ageGroups() == null) {
                continue;
            }
            described++;
            child += mostLikely(description.ageGroups()) == 0 ? 1 : 0;
        }
        assertThat(described).as("children described").isGreaterThanOrEqualTo(15);
        assertThat((double) child / described)
                .as("share of %d UTKFace children aged 4-10 most likely 0-12", described)
                .isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void ageGroupsAndExpressionsAreDistributions() {
        for (Path file : TestImages.adultFaces(5)) {
            FaceDescription description = describeLargest(TestImages.read(file));
            assertThat(description.ageGroups()).hasSize(AgeGroups.LABELS.size());
            assertThat(sum(description.ageGroups())).isCloseTo(1.0, within(1e-4));
            assertThat(description.expressions())
                    .hasSize(MANIFEST.model("expression").labels("expression").size());
            assertThat(sum(description.expressions())).isCloseTo(1.0, within(1e-4));
            assertThat(description.female()).isBetween(0f, 1f);
        }
    }

    @Test
    void maskProbabilityIsHighOnRealMaskedFacesAndLowOnUtkFaces() {
        // The first 10 crops (of 20 spread over the folder) in which YuNet finds the face: the mask
        // head describes detected faces only.
        int detected = 0;
        int high = 0;
        for (Path file : maskedCrops(20)) {
            BgrImage frame = padded(TestImages.read(file));
            if (detected == 10 || detector.detect(frame).isEmpty()) {
                continue;
            }
            detected++;
            Float p = describeLargest(frame).masked();
            high += p != null && p > 0.5f ? 1 : 0;
        }
        assertThat(detected).as("masked crops with a detected face").isEqualTo(10);
        int low = 0;
        List<Path> unmasked = TestImages.adultFaces(10);
        for (Path file : unmasked) {
            Float p = describeLargest(padded(TestImages.read(file))).masked();
            low += p != null && p < 0.5f ? 1 : 0;
        }
        assertThat(high).as("masked crops with p(masked) > 0.5").isGreaterThanOrEqualTo(8);
        assertThat(low)
                .as("UTKFace faces with p(masked) < 0.5")
                .isGreaterThanOrEqualTo(unmasked.size() * 8 / 10);
    }

    @Test
    void
            runsTheHeadsOnThePickedFacesOnlyAndTheMaskMatchOnEveryGoodFaceWithOrWithoutFindingsAhead() {
        List<Path> files = TestImages.adultFaces(20).subList(0, 3);
        BgrImage frame = TestImages.greyFrame(1280, 720);
        for (int i = 0; i < files.size(); i++) {
            frame = TestImages.paste(frame, TestImages.read(files.get(i)), 40 + 400 * i, 100);
        }
        DetectedFace[] faces = detector.detect(frame).toArray(DetectedFace[]::new);
        assertThat(faces).hasSize(3);
        FaceQualityMeasure[] measures = describer.measure(frame, faces);
        assertThat(measures).allMatch(describer::accepts);
        boolean[] picked = {false, true, false};
        FaceDescription[] all = describer.describe(frame, faces);
        // Some face not picked is matched to a mask finding, so the check below is not vacuous.
        assertThat(all[0].masked() != null || all[2].masked() != null).isTrue();
        FrameMasks ahead;
        try (MaskHead mask =
                MaskHead.open(
                        MANIFEST.model(MaskHead.ROLE),
                        AttributeSettings.defaults(MANIFEST, models.toString()))) {
            ahead = mask.detect(frame);
        }

        for (FrameMasks masks : java.util.Arrays.asList(null, ahead)) {
            FaceDescription[] some = describer.describe(frame, masks, faces, measures, picked);
            for (int i = 0; i < faces.length; i++) {
                assertThat(some[i].sharpness()).isEqualTo(all[i].sharpness());
                assertThat(some[i].yaw()).isEqualTo(all[i].yaw());
                assertThat(some[i].usable()).isEqualTo(picked[i]);
                if (picked[i]) {
                    assertThat(some[i].female()).isCloseTo(all[i].female(), within(1e-4f));
                    assertSameMasked(some[i], all[i]);
                } else {
                    assertThat(some[i].female()).isNull();
                    assertThat(some[i].ageGroups()).isNull();
                    assertThat(some[i].expressions()).isNull();
                    // Every good face gets p(masked), whether the findings came ahead or not:
                    // what the decoding thread skipped must not change the evidence.
                    assertSameMasked(some[i], all[i]);
                }
            }
        }
    }

    /** The same p(masked), or none for both (no mask finding matched the face). */
    private static void assertSameMasked(FaceDescription actual, FaceDescription expected) {
        if (expected.masked() == null) {
            assertThat(actual.masked()).isNull();
        } else {
            assertThat(actual.masked()).isCloseTo(expected.masked(), within(1e-4f));
        }
    }

    @Test
    void aBatchGivesTheSameAttributesAsOneFaceAtATimeAndSplitBatchesToo() {
        List<Path> files = TestImages.adultFaces(20).subList(0, 6);
        int[][] corners = {{40, 60}, {330, 420}, {560, 80}, {800, 460}, {1040, 40}, {1060, 300}};
        BgrImage frame = TestImages.greyFrame(1280, 720);
        for (int i = 0; i < files.size(); i++) {
            frame =
                    TestImages.paste(
                            frame, TestImages.read(files.get(i)), corners[i][0], corners[i][1]);
        }
        DetectedFace[] faces = detector.detect(frame).toArray(DetectedFace[]::new);
        assertThat(faces).hasSize(6);

        FaceDescription[] batched = describer.describe(frame, faces);
        AttributeSettings split =
                AttributeSettings.defaults(MANIFEST, models.toString())
                        .withHeads(List.of("sex-age", "sex", "expression"))
                        .withMaxBatch(4);
        try (FaceDescriber splitDescriber = FaceDescriber.open(split)) {
            FaceDescription[] inTwoCalls = splitDescriber.describe(frame, faces);
            for (int i = 0; i < faces.length; i++) {
                FaceDescription alone =
                        splitDescriber.describe(frame, new DetectedFace[] {faces[i]})[0];
                for (FaceDescription other : new FaceDescription[] {inTwoCalls[i], alone}) {
                    assertThat(other.female()).isCloseTo(batched[i].female(), within(1e-4f));
                    assertClose(other.ageGroups(), batched[i].ageGroups());
                    assertClose(other.expressions(), batched[i].expressions());
                    assertThat(other.masked()).as("no mask head configured").isNull();
                }
            }
        }
    }

    @Test
    void framesDescribedTogetherGetTheAttributesOfFramesDescribedAlone() {
        List<Path> files = TestImages.adultFaces(20).subList(6, 13);
        int[][] counts = {{0, 3}, {3, 3}, {6, 1}};
        int[][] corners = {{40, 60}, {500, 300}, {1000, 100}};
        List<FrameFaces> frames = new ArrayList<>();
        for (int[] range : counts) {
            BgrImage frame = TestImages.greyFrame(1280, 720);
            for (int i = 0; i < range[1]; i++) {
                frame =
                        TestImages.paste(
                                frame,
                                TestImages.read(files.get(range[0] + i)),
                                corners[i][0],
                                corners[i][1]);
            }
            DetectedFace[] faces = detector.detect(frame).toArray(DetectedFace[]::new);
            assertThat(faces).hasSize(range[1]);
            FaceQualityMeasure[] measures = describer.measure(frame, faces);
            boolean[] picked = new boolean[faces.length];
            for (int i = 0; i < faces.length; i++) {
                // The second frame's first face is left out, as a budget would.
                picked[i] = describer.accepts(measures[i]) && !(range[0] == 3 && i == 0);
            }
            frames.add(new FrameFaces(frame, null, faces, measures, picked));
        }
        // A frame whose faces all wait for the budget, between the others.
        FrameFaces none = frames.get(1);
        frames.add(
                1,
                new FrameFaces(
                        none.frame(),
                        null,
                        none.faces(),
                        none.measures(),
                        new boolean[none.faces().length]));

        FaceDescription[][] together = describer.describeFrames(frames);
        assertThat(together.length).isEqualTo(frames.size());
        int described = 0;
        for (int f = 0; f < frames.size(); f++) {
            FrameFaces frame = frames.get(f);
            FaceDescription[] alone =
                    describer.describe(
                            frame.frame(), null, frame.faces(), frame.measures(), frame.picked());
            assertThat(together[f]).hasSize(alone.length);
            for (int i = 0; i < alone.length; i++) {
                assertThat(together[f][i].usable()).isEqualTo(frame.picked()[i]);
                assertThat(together[f][i].usable()).isEqualTo(alone[i].usable());
                if (alone[i].usable()) {
                    described++;
                    assertThat(together[f][i].female()).isCloseTo(alone[i].female(), within(1e-4f));
                    assertClose(together[f][i].ageGroups(), alone[i].ageGroups());
                    assertClose(together[f][i].expressions(), alone[i].expressions());
                    assertSameMasked(together[f][i], alone[i]);
                } else {
                    assertThat(together[f][i].female()).isNull();
                }
            }
        }
        assertThat(described).isGreaterThanOrEqualTo(5);
    }

    /** {@code count} UTKFace crops aged {@code from} to {@code to}, spread over the folder. */
    private static List<Path> utkFaces(int from, int to, int count) {
        List<Path> all;
        try (Stream<Path> files = Files.list(SharedAssets.data("faces-sex/utkface_crop_part1"))) {
            all =
                    files.filter(
                                    f -> {
                                        String name = f.getFileName().toString();
                                        if (!name.endsWith(".jpg") || name.indexOf('_') < 1) {
                                            return false;
                                        }
                                        int age =
                                                Integer.parseInt(
                                                        name.substring(0, name.indexOf('_')));
                                        return age >= from && age <= to;
                                    })
                            .sorted()
                            .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<Path> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chosen.add(all.get(i * all.size() / count));
        }
        return chosen;
    }

    private static int mostLikely(float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            best = probabilities[i] > probabilities[best] ? i : best;
        }
        return best;
    }

    private static FaceDescription describeLargest(BgrImage image) {
        List<DetectedFace> found = detector.detect(image);
        assertThat(found).isNotEmpty();
        DetectedFace largest = found.get(0);
        for (DetectedFace face : found) {
            if (face.box().area() > largest.box().area()) {
                largest = face;
            }
        }
        return describer.describe(image, new DetectedFace[] {largest})[0];
    }

    /**
     * A pre-cropped face centred on a grey canvas twice its size, so both detectors see context.
     */
    static BgrImage padded(BgrImage crop) {
        BgrImage canvas = TestImages.greyFrame(crop.width() * 2, crop.height() * 2);
        return TestImages.paste(canvas, crop, crop.width() / 2, crop.height() / 2);
    }

    /** {@code count} real masked crops 80..400 px wide, spread over the name-sorted folder. */
    static List<Path> maskedCrops(int count) {
        Path folder = SharedAssets.data("masked-real/chandrikadeb7_with_mask");
        List<Path> usable = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file :
                    files.filter(f -> f.getFileName().toString().matches("crop_\\d+\\.jpg"))
                            .sorted()
                            .toList()) {
                try {
                    BgrImage image = new FrameDecoder().decode(Files.readAllBytes(file));
                    if (image.width() >= 80 && image.width() <= 400) {
                        usable.add(file);
                    }
                } catch (Exception e) {
                    // Not a baseline RGB JPEG the frame decoder takes: not a candidate.
                }
                if (usable.size() >= count * 5) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<Path> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chosen.add(usable.get(i * usable.size() / count));
        }
        return chosen;
    }

    private static double sum(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum;
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within(1e-4f));
        }
    }
}
