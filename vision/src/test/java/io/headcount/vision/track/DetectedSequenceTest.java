package io.headcount.vision.track;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.testkit.FaceScenes;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.frame.BgrImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The real chain on a composed camera: ten real faces (UTKFace crops) move in straight lines across
 * 1280 x 720 grey frames, entering at the edges at different times, some crossing others (the
 * nearer crop hides the farther one completely for a few frames). YuNet finds them; the tracker
 * must end with one confirmed track per person.
 */
class DetectedSequenceTest {

    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;
    private static final int FRAMES = 80;
    private static final long START = 1_780_000_000_000L;

    /** A person: lane top, first frame, pixels per frame (sign = direction), crop size. */
    private record Walker(int top, int enterFrame, int speed, int size) {

        /** Crop's left edge at {@code frame}, entering from the side it walks away from. */
        int left(int frame) {
            int steps = frame - enterFrame;
            return speed > 0 ? -size + speed * steps : WIDTH + speed * steps;
        }
    }

    private static final List<Walker> WALKERS =
            List.of(
                    new Walker(30, 0, 24, 160),
                    new Walker(40, 10, -26, 140),
                    new Walker(40, 38, 28, 180),
                    new Walker(260, 0, -20, 200),
                    new Walker(270, 15, 28, 150),
                    new Walker(255, 45, 24, 180),
                    new Walker(270, 30, -22, 130),
                    new Walker(500, 5, 22, 170),
                    new Walker(490, 20, -28, 140),
                    new Walker(510, 50, -25, 160));

    @Test
    void yunetDetectionsTrackedGiveOneConfirmedTrackPerPerson() {
        Path models = SharedAssets.model(YuNetModel.SPEC.fileName()).getParent();
        List<Path> faces = FaceScenes.adultFaces(WALKERS.size());
        List<BufferedImage> crops = faces.stream().map(DetectedSequenceTest::read).toList();
        ByteTracker tracker = new ByteTracker(TrackerSettings.defaults(), new RandomTrackIds());
        TrackerState state = new TrackerState();
        TrackingScore score = new TrackingScore();
        int detections = 0;
        int lowScore = 0;

        // Threshold 0.3: the low-score band feeds the tracker's second pass.
        DetectorSettings settings =
                DetectorSettings.yunet(models.toString())
                        .withScoreThreshold(TrackerSettings.DEFAULT_LOW_SCORE);
        try (YuNetDetector detector = YuNetDetector.open(settings)) {
            long time = START;
            for (int frame = 0; frame < FRAMES; frame++) {
                List<DetectedFace> found = detector.detect(compose(crops, frame));
                Detection[] boxes = new Detection[found.size()];
                int[] persons = new int[found.size()];
                for (int i = 0; i < found.size(); i++) {
                    FaceBox box = found.get(i).box();
                    boxes[i] =
                            new Detection(
                                    box.x(),
                                    box.y(),
                                    box.width(),
                                    box.height(),
                                    found.get(i).score());
                    persons[i] =
                            personAt(box.x() + box.width() / 2, box.y() + box.height() / 2, frame);
                    lowScore += found.get(i).score() < TrackerSettings.DEFAULT_HIGH_SCORE ? 1 : 0;
                }
                detections += boxes.length;
                FrameDetections detected =
                        new FrameDetections("site", "cam", time, frame, WIDTH, HEIGHT, boxes);
                score.add(persons, tracker.update(state, detected).tracks());
                // Irregular intervals around 100 ms.
                time += 100 + (frame * 37) % 41 - 20;
            }
        }

        System.out.printf(
                "YuNet sequence: %d frames, %d detections (%d low-score), %s%n",
                FRAMES, detections, lowScore, score);
        assertThat(score.people()).isEqualTo(WALKERS.size());
        assertThat(score.confirmedTracks()).isEqualTo(WALKERS.size());
        assertThat(score.falseTracks()).isZero();
        assertThat(score.missedPeople()).isZero();
    }

    /** Grey frame with each visible walker's crop, smaller (farther) ones drawn first. */
    private static BgrImage compose(List<BufferedImage> crops, int frame) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setColor(new Color(128, 128, 128));
            graphics.fillRect(0, 0, WIDTH, HEIGHT);
            for (int index : byDepth()) {
                Walker walker = WALKERS.get(index);
                if (frame >= walker.enterFrame) {
                    graphics.drawImage(
                            crops.get(index),
                            walker.left(frame),
                            walker.top,
                            walker.size,
                            walker.size,
                            null);
                }
            }
        } finally {
            graphics.dispose();
        }
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        return new BgrImage(WIDTH, HEIGHT, pixels);
    }

    /** The walker whose crop is on top at (x, y), or nobody. */
    private static int personAt(float x, float y, int frame) {
        int found = TrackingScore.NOBODY;
        for (int index : byDepth()) {
            Walker walker = WALKERS.get(index);
            int left = walker.left(frame);
            if (frame >= walker.enterFrame
                    && x >= left
                    && x < left + walker.size
                    && y >= walker.top
                    && y < walker.top + walker.size) {
                found = index;
            }
        }
        return found;
    }

    private static List<Integer> byDepth() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < WALKERS.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> WALKERS.get(i).size));
        return order;
    }

    private static BufferedImage read(Path file) {
        try {
            return ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
