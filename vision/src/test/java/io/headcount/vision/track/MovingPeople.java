package io.headcount.vision.track;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A synthetic camera with ground truth: people walk in straight lines across a 1280 x 720 frame,
 * entering and leaving at different times, and a simulated detector reports their faces with the
 * faults of a real one: box jitter, missed frames, low scores when blurred, faces hidden behind
 * nearer (larger) faces, one-frame false detections, and irregular frame intervals.
 */
final class MovingPeople {

    static final int WIDTH = 1280;
    static final int HEIGHT = 720;

    /** A person's face: box at frame {@code enter}, velocity in pixels per second. */
    record Person(int id, long enterMillis, float x, float y, float size, float vx, float vy) {

        float[] boxAt(long millis) {
            double t = (millis - enterMillis) / 1000.0;
            return new float[] {(float) (x + vx * t), (float) (y + vy * t), size, size};
        }
    }

    /** One frame: the detections and, aligned with them, the person behind each. */
    record Frame(FrameDetections detections, int[] persons) {}

    private final Random random;
    private final List<Person> people = new ArrayList<>();
    private final double missRate;
    private final double lowScoreRate;
    private final double falseDetectionRate;

    MovingPeople(
            long seed,
            int count,
            long durationMillis,
            double missRate,
            double lowScoreRate,
            double falseDetectionRate) {
        this.random = new Random(seed);
        this.missRate = missRate;
        this.lowScoreRate = lowScoreRate;
        this.falseDetectionRate = falseDetectionRate;
        for (int id = 0; id < count; id++) {
            float size = 36 + random.nextFloat() * 84;
            boolean leftToRight = random.nextBoolean();
            // Walking pace: up to 0.3 face sizes per 100 ms frame sideways, a little up or down.
            float speed = size * (0.8f + random.nextFloat() * 2.2f);
            float vx = leftToRight ? speed : -speed;
            float vy = (random.nextFloat() - 0.5f) * speed * 0.3f;
            float x = leftToRight ? -size : WIDTH;
            float y = 40 + random.nextFloat() * (HEIGHT - 80 - size);
            long crossing = (long) (1000.0 * (WIDTH + size) / speed);
            long enter = (long) (random.nextDouble() * Math.max(1, durationMillis - crossing / 2));
            people.add(new Person(id, enter, x, y, size, vx, vy));
        }
    }

    List<Person> people() {
        return people;
    }

    /** Frames roughly every 100 ms (jitter of +-30 ms, now and then a dropped frame). */
    List<Frame> frames(long startMillis, long durationMillis) {
        List<Frame> frames = new ArrayList<>();
        long t = 0;
        long sequence = 0;
        while (t < durationMillis) {
            frames.add(frame(startMillis, t, sequence++));
            t +=
                    70
                            + random.nextInt(61)
                            + (random.nextDouble() < 0.03 ? 100 + random.nextInt(150) : 0);
        }
        return frames;
    }

    private Frame frame(long startMillis, long t, long sequence) {
        List<Detection> detections = new ArrayList<>();
        List<Integer> persons = new ArrayList<>();
        for (Person person : people) {
            float[] box = visiblePart(person, t);
            if (box == null || hidden(person, t) || random.nextDouble() < missRate) {
                continue;
            }
            float jitter = 0.04f * person.size;
            float score =
                    random.nextDouble() < lowScoreRate
                            ? 0.35f + 0.24f * random.nextFloat()
                            : 0.62f + 0.36f * random.nextFloat();
            detections.add(
                    new Detection(
                            box[0] + (float) random.nextGaussian() * jitter,
                            box[1] + (float) random.nextGaussian() * jitter,
                            box[2] + (float) random.nextGaussian() * jitter,
                            box[3] + (float) random.nextGaussian() * jitter,
                            score));
            persons.add(person.id);
        }
        if (random.nextDouble() < falseDetectionRate) {
            float size = 30 + 50 * random.nextFloat();
            detections.add(
                    new Detection(
                            random.nextFloat() * (WIDTH - size),
                            random.nextFloat() * (HEIGHT - size),
                            size,
                            size,
                            0.6f + 0.15f * random.nextFloat()));
            persons.add(TrackingScore.NOBODY);
        }
        // A detector reports faces by score, not by identity: shuffle them together.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < detections.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        Detection[] shuffled = new Detection[order.size()];
        int[] who = new int[order.size()];
        for (int i = 0; i < order.size(); i++) {
            shuffled[i] = detections.get(order.get(i));
            who[i] = persons.get(order.get(i));
        }
        return new Frame(
                new FrameDetections(
                        "site", "cam", startMillis + t, sequence, WIDTH, HEIGHT, shuffled),
                who);
    }

    /**
     * The part of the face inside the frame, or null when less than 60 % of it is (or not yet in).
     */
    private static float[] visiblePart(Person person, long t) {
        if (t < person.enterMillis) {
            return null;
        }
        float[] box = person.boxAt(t);
        float left = Math.max(0, box[0]);
        float top = Math.max(0, box[1]);
        float right = Math.min(WIDTH, box[0] + box[2]);
        float bottom = Math.min(HEIGHT, box[1] + box[3]);
        if (right <= left
                || bottom <= top
                || (right - left) * (bottom - top) < 0.6f * box[2] * box[3]) {
            return null;
        }
        return new float[] {left, top, right - left, bottom - top};
    }

    /** Behind a nearer (larger) face that covers more than half of it. */
    private boolean hidden(Person person, long t) {
        float[] box = person.boxAt(t);
        for (Person other : people) {
            if (other != person && other.size > person.size && t >= other.enterMillis) {
                float[] front = other.boxAt(t);
                float w =
                        Math.min(box[0] + box[2], front[0] + front[2]) - Math.max(box[0], front[0]);
                float h =
                        Math.min(box[1] + box[3], front[1] + front[3]) - Math.max(box[1], front[1]);
                if (w > 0 && h > 0 && w * h > 0.5f * box[2] * box[3]) {
                    return true;
                }
            }
        }
        return false;
    }
}
