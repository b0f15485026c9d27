package io.headcount.ingest.source.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headcount.ingest.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The realistic scene's generator: turned faces, never-judgeable people, their ground truth. */
class RealisticSceneTest {

    static final Instant START = Instant.parse("2026-11-27T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path temp;

    static SyntheticOptions options(Path groundTruth, long seed) {
        return SyntheticOptions.of(TestImages.data(TestImages.UTK_FACES + "/manifest.csv"), START)
                .withSize(640, 360)
                .withFrames(10, 200)
                .withPeople(3, 0.25, 40, 80)
                .withMasks(TestImages.data("mask-templates/maskthface/templates"), 0.3)
                .withSeed(seed)
                .withScene(SyntheticOptions.REALISTIC)
                .withGroundTruth(groundTruth);
    }

    /** Left half black, right half white: where the halves meet shows how each was squashed. */
    static BufferedImage halves(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(size / 2, 0, size - size / 2, size);
        g.dispose();
        return image;
    }

    @Test
    void aTurnedHeadIsSquashedByTheCosineOfItsYawWithTheRecedingHalfNarrower() {
        RealisticScene scene = new RealisticScene(options(null, 3));
        int checked = 0;
        for (int id = 0; id < 200; id++) {
            RealisticScene.Walk walk = scene.plan(id, halves(120), 120, 180, 0);
            for (long frame = 0; frame < 60; frame += 7) {
                double size = walk.size(frame);
                double yaw = Math.toRadians(walk.yaw(frame));
                double pitch = Math.toRadians(walk.pitch(frame));
                RealisticScene.Drawn drawn = walk.draw(frame);
                // Width: the two halves, (1 - p sin) + (1 + p sin) = 2: size x cos(yaw).
                assertThat((double) drawn.box().width)
                        .as("width of walk %d, frame %d", id, frame)
                        .isCloseTo(size * Math.cos(yaw), org.assertj.core.data.Offset.offset(2.0));
                assertThat((double) drawn.box().height)
                        .isCloseTo(
                                size * Math.cos(pitch), org.assertj.core.data.Offset.offset(2.0));
                if (Math.abs(walk.yaw(frame)) >= 25
                        && walk.defocus(frame) < 1
                        && walk.motionBlur(frame) < 3
                        && size >= 40) {
                    // The dark (left) half is narrower when the yaw is positive, wider otherwise.
                    int darkColumns = darkColumns(drawn.image());
                    int expected =
                            (int)
                                    Math.round(
                                            size
                                                    / 2
                                                    * Math.cos(yaw)
                                                    * (1
                                                            - RealisticScene.PERSPECTIVE
                                                                    * Math.sin(yaw)));
                    assertThat(darkColumns).isBetween(expected - 3, expected + 3);
                    if (yaw > 0) {
                        assertThat(darkColumns).isLessThan(drawn.box().width / 2);
                    } else {
                        assertThat(darkColumns).isGreaterThan(drawn.box().width / 2);
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void peopleMadePoorAreNeverClearAndTheOthersMostlyAre() {
        RealisticScene scene = new RealisticScene(options(null, 5));
        Map<RealisticScene.Poor, Integer> poor = new HashMap<>();
        int walks = 1000;
        for (int id = 0; id < walks; id++) {
            RealisticScene.Walk walk = scene.plan(id, halves(60), 60, 180, 0);
            long clear = 0;
            for (long frame = 0; frame < 100; frame++) {
                clear += walk.clear(frame) ? 1 : 0;
            }
            if (walk.poor != null) {
                poor.merge(walk.poor, 1, Integer::sum);
                assertThat(clear).as("clear frames of poor walk %d", id).isZero();
            } else {
                assertThat(clear).as("clear frames of walk %d", id).isGreaterThan(20);
            }
        }
        assertThat(poor.keySet()).containsExactlyInAnyOrder(RealisticScene.Poor.values());
        int poorWalks = poor.values().stream().mapToInt(Integer::intValue).sum();
        assertThat((double) poorWalks / walks).isBetween(0.08, 0.16);
    }

    @Test
    void theGroundTruthMarksNeverJudgeablePeopleAndTheSceneRepeatsForASeed() throws IOException {
        Path truth = temp.resolve("truth.jsonl");
        List<byte[]> frames = frames(options(truth, 11), 60);
        List<JsonNode> persons = new ArrayList<>();
        Map<Integer, Integer> boxesByPerson = new HashMap<>();
        boolean squashedBox = false;
        for (String line : Files.readAllLines(truth)) {
            JsonNode node = JSON.readTree(line);
            if (node.get("type").asText().equals("person")) {
                persons.add(node);
            } else {
                for (JsonNode box : node.get("boxes")) {
                    boxesByPerson.merge(box.get("person").asInt(), 1, Integer::sum);
                    squashedBox |= box.get("width").asInt() < 0.8 * box.get("height").asInt();
                }
            }
        }
        assertThat(squashedBox).as("a box narrower than tall: a turned head").isTrue();
        assertThat(persons).hasSizeGreaterThan(10);
        List<JsonNode> never =
                persons.stream().filter(p -> !p.get("judgeable").asBoolean()).toList();
        assertThat(never).isNotEmpty();
        for (JsonNode person : persons) {
            boolean judgeable = person.get("judgeable").asBoolean();
            assertThat(judgeable)
                    .as("person %s", person.get("person"))
                    .isEqualTo(
                            person.get("judgeableFrames").asInt()
                                    >= SyntheticCameraSource.JUDGEABLE_FRAMES);
            if (!person.get("poor").isNull()) {
                assertThat(judgeable).as("poor person %s", person.get("person")).isFalse();
            }
            // Enter and leave are the first and last frames with a box.
            int frameCount =
                    person.get("leaveFrame").asInt() - person.get("enterFrame").asInt() + 1;
            assertThat(boxesByPerson.get(person.get("person").asInt())).isEqualTo(frameCount);
        }
        assertThat(persons).anyMatch(p -> p.get("judgeable").asBoolean() && p.get("poor").isNull());

        Path again = temp.resolve("again.jsonl");
        List<byte[]> repeated = frames(options(again, 11), 60);
        assertThat(Files.readString(again)).isEqualTo(Files.readString(truth));
        for (int i = 0; i < frames.size(); i++) {
            assertThat(repeated.get(i)).as("frame %d", i).isEqualTo(frames.get(i));
        }
    }

    /** Runs the scene to its end; returns the first {@code keep} frames as JPEG. */
    private static List<byte[]> frames(SyntheticOptions options, int keep) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        try (SyntheticCameraSource source = SyntheticCameraSource.open(options)) {
            for (var frame = source.nextFrame(); frame.isPresent(); frame = source.nextFrame()) {
                if (frames.size() < keep) {
                    frames.add(source.encode(frame.get()).jpeg());
                }
            }
        }
        return frames;
    }

    /** Columns of the middle row darker than halfway between its darkest and lightest. */
    private static int darkColumns(BufferedImage image) {
        int y = image.getHeight() / 2;
        int[] green = new int[image.getWidth()];
        int min = 255;
        int max = 0;
        for (int x = 0; x < green.length; x++) {
            green[x] = (image.getRGB(x, y) >> 8) & 0xFF;
            min = Math.min(min, green[x]);
            max = Math.max(max, green[x]);
        }
        int dark = 0;
        for (int value : green) {
            dark += value < (min + max) / 2 ? 1 : 0;
        }
        return dark;
    }
}
