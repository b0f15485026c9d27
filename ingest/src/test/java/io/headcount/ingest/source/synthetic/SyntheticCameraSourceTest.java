package io.headcount.ingest.source.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.ingest.TestImages;
import io.headcount.ingest.source.SourceFrame;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyntheticCameraSourceTest {

    static final Instant START = Instant.parse("2026-11-27T10:00:00Z");
    static final int GREY = 0x808080;

    @TempDir Path temp;

    static SyntheticOptions options(Path groundTruth) {
        return SyntheticOptions.of(TestImages.data(TestImages.UTK_FACES + "/manifest.csv"), START)
                .withSize(640, 360)
                .withFrames(10, 120)
                .withPeople(3, 0.25, 60, 140)
                .withMasks(TestImages.data("mask-templates/maskthface/templates"), 0.5)
                .withBackground(SyntheticOptions.PLAIN)
                .withSeed(7)
                .withGroundTruth(groundTruth);
    }

    @Test
    void theGroundTruthBoxesHoldThePastedFacesAndNothingElseDiffersFromTheBackground()
            throws IOException {
        List<SyntheticFrame> frames = new ArrayList<>();
        List<Person> people;
        try (SyntheticCameraSource source =
                SyntheticCameraSource.open(options(temp.resolve("truth.jsonl")))) {
            for (Optional<SyntheticFrame> f = source.nextFrame();
                    f.isPresent();
                    f = source.nextFrame()) {
                frames.add(f.get());
            }
            people = source.people();
        }
        assertThat(frames).hasSize(120);
        long facePixelsChecked = 0;
        int maxAtOnce = 0;
        for (SyntheticFrame frame : frames) {
            BufferedImage image = frame.image();
            List<FaceBox> boxes = frame.boxes();
            maxAtOnce = Math.max(maxAtOnce, boxes.size());
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    int top = topmost(boxes, x, y);
                    int rgb = image.getRGB(x, y) & 0xFFFFFF;
                    if (top < 0) {
                        assertThat(rgb)
                                .as("background at %d,%d of frame %d", x, y, frame.index())
                                .isEqualTo(GREY);
                    } else {
                        // The box's person, at the same place in its face image: the face lies
                        // exactly in the box.
                        Person person = people.get(boxes.get(top).person());
                        Rectangle full = person.boxAt(frame.index());
                        int expected = person.image().getRGB(x - full.x, y - full.y) & 0xFFFFFF;
                        if (rgb != expected) {
                            throw new AssertionError(
                                    "frame "
                                            + frame.index()
                                            + " pixel "
                                            + x
                                            + ","
                                            + y
                                            + " of person "
                                            + person.id());
                        }
                        facePixelsChecked++;
                    }
                }
            }
        }
        assertThat(facePixelsChecked).isGreaterThan(100_000);
        assertThat(maxAtOnce).isEqualTo(3);
        assertThat(people).hasSizeGreaterThan(4);
        assertThat(people).anyMatch(Person::masked).anyMatch(p -> !p.masked());
    }

    @ParameterizedTest
    @ValueSource(strings = {SyntheticOptions.SIMPLE, SyntheticOptions.REALISTIC})
    void anEndlessSceneKeepsThePixelsOfThePeopleInViewOnly(String scene) throws IOException {
        List<Person> people;
        List<Integer> inView = new ArrayList<>();
        try (SyntheticCameraSource source =
                SyntheticCameraSource.open(options(null).withFrames(10, 0).withScene(scene))) {
            SyntheticFrame last = null;
            for (int i = 0; i < 400; i++) {
                last = source.nextFrame().orElseThrow();
            }
            last.boxes().forEach(box -> inView.add(box.person()));
            people = source.people();
        }
        assertThat(people).hasSizeGreaterThan(10);
        assertThat(people)
                .filteredOn(person -> person.image() != null)
                .extracting(Person::id)
                .isNotEmpty()
                .containsAll(inView)
                .hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void facesAreTheManifestsCropsAndMasksCoverTheLowerHalfOnly() throws IOException {
        List<Person> people;
        try (SyntheticCameraSource source =
                SyntheticCameraSource.open(options(null).withFrames(10, 60))) {
            while (source.nextFrame().isPresent()) {}
            people = source.people();
        }
        for (Person person : people) {
            BufferedImage original = ImageIO.read(person.face().file().toFile());
            BufferedImage reference = scale(original, person.size());
            int half = person.size() / 2;
            double upper =
                    meanDifference(person.image(), reference, 0, (int) (person.size() * 0.45));
            double lower =
                    meanDifference(
                            person.image(), reference, (int) (person.size() * 0.55), person.size());
            assertThat(upper).as("upper face of person %d", person.id()).isLessThan(6.0);
            if (person.masked()) {
                assertThat(lower)
                        .as("masked lower face of person %d", person.id())
                        .isGreaterThan(15.0);
            } else {
                assertThat(lower).as("lower face of person %d", person.id()).isLessThan(6.0);
            }
            assertThat(half).isPositive();
        }
    }

    @Test
    void maskedPeopleComeFromTheMaskedFacesManifestAsTheyAre() throws IOException {
        // Three crops standing in for augment's masked copies (masked=synthetic): whatever they
        // show, a masked person is one of them, pasted as it is, with no template on top.
        Path manifest = temp.resolve("masked.csv");
        StringBuilder rows = new StringBuilder("file,sex,age,age_group,masked\n");
        for (String face :
                List.of(
                        TestImages.BASELINE_FACE,
                        TestImages.PROGRESSIVE_FACE,
                        TestImages.BASELINE_FACE)) {
            rows.append(TestImages.data(face)).append(",female,100,60+,synthetic\n");
        }
        Files.writeString(manifest, rows.toString());
        List<Person> people;
        Path truth = temp.resolve("truth.jsonl");
        try (SyntheticCameraSource source =
                SyntheticCameraSource.open(
                        options(truth).withFrames(10, 60).withMaskedFaces(manifest))) {
            while (source.nextFrame().isPresent()) {}
            people = source.people();
        }

        assertThat(people).anyMatch(Person::masked).anyMatch(p -> !p.masked());
        for (Person person : people) {
            if (person.masked()) {
                assertThat(person.mask()).isEqualTo(SyntheticCameraSource.PREMASKED);
                assertThat(person.face().file().toString())
                        .startsWith(TestImages.data("").toString());
                assertThat(person.face().sex()).isEqualTo("female");
                BufferedImage reference =
                        scale(ImageIO.read(person.face().file().toFile()), person.size());
                assertThat(meanDifference(person.image(), reference, 0, person.size()))
                        .as(
                                "masked person %d is the manifest's crop, nothing pasted on",
                                person.id())
                        .isLessThan(6.0);
            } else {
                assertThat(person.face().relativePath()).doesNotContain("masked.csv");
            }
        }
        assertThat(Files.readString(truth)).contains("\"mask\":\"from-manifest\"");
    }

    @Test
    void theSameSeedGivesTheSameFramesAndGroundTruthAndAnotherSeedDoesNot() throws IOException {
        List<byte[]> first = jpegs(options(temp.resolve("a.jsonl")));
        List<byte[]> second = jpegs(options(temp.resolve("b.jsonl")));
        List<byte[]> other = jpegs(options(temp.resolve("c.jsonl")).withSeed(8));

        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).isEqualTo(first.get(i));
        }
        assertThat(Files.readAllLines(temp.resolve("b.jsonl")))
                .isEqualTo(Files.readAllLines(temp.resolve("a.jsonl")));
        assertThat(Files.readAllLines(temp.resolve("c.jsonl")))
                .isNotEqualTo(Files.readAllLines(temp.resolve("a.jsonl")));
    }

    @Test
    void theGroundTruthFileListsEveryPersonWithLabelsAndTheFramesTheyAreIn() throws IOException {
        Path file = temp.resolve("truth.jsonl");
        List<Person> people;
        try (SyntheticCameraSource source = SyntheticCameraSource.open(options(file))) {
            while (source.nextFrame().isPresent()) {}
            people = source.people();
        }
        List<String> lines = Files.readAllLines(file);
        Map<Integer, List<Long>> framesOf = new HashMap<>();
        Pattern frameLine = Pattern.compile("\"frame\":(\\d+),\"time\":\"([^\"]+)\"");
        Pattern person = Pattern.compile("\"person\":(\\d+),\"x\"");
        List<String> personLines = new ArrayList<>();
        long frameLines = 0;
        for (String line : lines) {
            if (line.startsWith("{\"type\":\"frame\"")) {
                Matcher f = frameLine.matcher(line);
                assertThat(f.find()).isTrue();
                long index = Long.parseLong(f.group(1));
                assertThat(f.group(2)).isEqualTo(START.plusMillis(100 * index).toString());
                frameLines++;
                Matcher p = person.matcher(line);
                while (p.find()) {
                    framesOf.computeIfAbsent(Integer.parseInt(p.group(1)), k -> new ArrayList<>())
                            .add(index);
                }
            } else {
                personLines.add(line);
            }
        }
        assertThat(frameLines).isEqualTo(120);
        assertThat(personLines).hasSameSizeAs(people);
        for (Person p : people) {
            String line =
                    personLines.stream()
                            .filter(l -> l.contains("\"person\":" + p.id() + ","))
                            .findFirst()
                            .orElseThrow();
            List<Long> seen = framesOf.get(p.id());
            long enter = seen.get(0);
            long leave = seen.get(seen.size() - 1);
            assertThat(seen).hasSize((int) (leave - enter + 1)); // every frame in between
            assertThat(line)
                    .contains("\"sex\":\"" + p.face().sex() + "\"")
                    .contains("\"ageGroup\":\"" + p.face().ageGroup() + "\"")
                    .contains("\"masked\":" + p.masked())
                    .contains("\"enterFrame\":" + enter + ",\"leaveFrame\":" + leave)
                    .contains("\"enterTime\":\"" + START.plusMillis(100 * enter) + "\"")
                    .contains("\"face\":\"" + p.face().relativePath() + "\"");
            assertThat(p.face().sex()).isIn("male", "female");
        }
    }

    private static List<byte[]> jpegs(SyntheticOptions options) throws IOException {
        List<byte[]> jpegs = new ArrayList<>();
        try (SyntheticCameraSource source =
                SyntheticCameraSource.open(options.withFrames(10, 30))) {
            for (Optional<SourceFrame> f = source.next(); f.isPresent(); f = source.next()) {
                assertThat(f.get().width()).isEqualTo(640);
                assertThat(f.get().captureTime()).isEqualTo(START.plusMillis(100L * jpegs.size()));
                jpegs.add(f.get().jpeg());
            }
        }
        return jpegs;
    }

    /** Index of the last (topmost) box containing the pixel, or -1. */
    private static int topmost(List<FaceBox> boxes, int x, int y) {
        for (int i = boxes.size() - 1; i >= 0; i--) {
            FaceBox b = boxes.get(i);
            if (x >= b.x() && x < b.x() + b.width() && y >= b.y() && y < b.y() + b.height()) {
                return i;
            }
        }
        return -1;
    }

    /** An independent bilinear scaling, to compare the pasted face with its file. */
    private static BufferedImage scale(BufferedImage original, int size) {
        BufferedImage rgb =
                new BufferedImage(
                        original.getWidth(), original.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(original, 0, 0, null);
        AffineTransform t =
                AffineTransform.getScaleInstance(
                        (double) size / original.getWidth(), (double) size / original.getHeight());
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        new AffineTransformOp(t, AffineTransformOp.TYPE_BILINEAR).filter(rgb, out);
        return out;
    }

    private static double meanDifference(BufferedImage a, BufferedImage b, int fromRow, int toRow) {
        long sum = 0;
        long n = 0;
        for (int y = fromRow; y < toRow; y++) {
            for (int x = 1; x < a.getWidth() - 1; x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
                    n++;
                }
            }
        }
        return (double) sum / n;
    }
}
