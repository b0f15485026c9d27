package io.headcount.scoring.truth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One real visitor: in view from {@code enter} to {@code leave} (both inclusive: the times of the
 * first and last frame that shows the face), with its labels and, where annotated, its face boxes.
 *
 * @param sex {@code female}, {@code male}, or null when unknown
 * @param ageGroup one of {@link TruthLabels#AGE_GROUPS}, or null when unknown
 * @param masked whether the face wore a mask, or null when unknown
 * @param maskType what kind of mask (e.g. {@code surgical}, {@code n95}), or null when unknown or
 *     unmasked: the score splits mask accuracy by it, as the mask detector knows some kinds better
 * @param boxes face boxes at some frame times, sorted by time (empty when not annotated)
 * @param judgeable false for a person whose face was never shown well enough to judge (too small,
 *     too turned, too blurred in every frame): counted as a visitor if detected, but left out of
 *     attribute and impression accuracy (the product should say {@code undetermined})
 */
public record TruthPerson(
        String id,
        Instant enter,
        Instant leave,
        String sex,
        String ageGroup,
        Boolean masked,
        String maskType,
        List<TimedBox> boxes,
        boolean judgeable) {

    /** A judgeable person of an unknown mask type. */
    public TruthPerson(
            String id,
            Instant enter,
            Instant leave,
            String sex,
            String ageGroup,
            Boolean masked,
            List<TimedBox> boxes) {
        this(id, enter, leave, sex, ageGroup, masked, null, boxes, true);
    }

    public TruthPerson {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(enter, "enter");
        Objects.requireNonNull(leave, "leave");
        if (leave.isBefore(enter)) {
            throw new IllegalArgumentException(
                    "person " + id + " leaves (" + leave + ") before entering (" + enter + ")");
        }
        List<TimedBox> sorted = new ArrayList<>(boxes);
        sorted.sort(Comparator.comparing(TimedBox::time));
        boxes = List.copyOf(sorted);
    }

    /** A person without boxes, of an unknown mask type. */
    public static TruthPerson of(
            String id, Instant enter, Instant leave, String sex, String ageGroup, Boolean masked) {
        return new TruthPerson(id, enter, leave, sex, ageGroup, masked, List.of());
    }

    /** This person wearing a mask of {@code type} (null: unknown). */
    public TruthPerson withMaskType(String type) {
        return new TruthPerson(id, enter, leave, sex, ageGroup, masked, type, boxes, judgeable);
    }

    /** This person with {@code newBoxes} instead of its boxes. */
    public TruthPerson withBoxes(List<TimedBox> newBoxes) {
        return new TruthPerson(
                id, enter, leave, sex, ageGroup, masked, maskType, newBoxes, judgeable);
    }

    /** This person marked judgeable or never judgeable. */
    public TruthPerson withJudgeable(boolean isJudgeable) {
        return new TruthPerson(
                id, enter, leave, sex, ageGroup, masked, maskType, boxes, isJudgeable);
    }

    public Duration dwell() {
        return Duration.between(enter, leave);
    }

    /** Whether {@code time} lies in {@code [enter, leave]}. */
    public boolean inView(Instant time) {
        return !time.isBefore(enter) && !time.isAfter(leave);
    }

    /**
     * The box annotated nearest to {@code time}, if one lies within {@code tolerance}: an
     * annotation and a produced observation of the same frame may differ by rounding (a video's
     * timestamps, seconds in a CSV), but a box a whole frame away is not the same frame.
     */
    public Optional<Rect> boxNear(Instant time, Duration tolerance) {
        int low = 0;
        int high = boxes.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = boxes.get(middle).time().compareTo(time);
            if (order == 0) {
                return Optional.of(boxes.get(middle).box());
            } else if (order < 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        // low is the first box after time, high the last one before it.
        TimedBox best = null;
        long bestDistance = Long.MAX_VALUE;
        for (int candidate : new int[] {high, low}) {
            if (candidate >= 0 && candidate < boxes.size()) {
                TimedBox box = boxes.get(candidate);
                long distance = Math.abs(Duration.between(box.time(), time).toMillis());
                if (distance < bestDistance) {
                    best = box;
                    bestDistance = distance;
                }
            }
        }
        return best != null && bestDistance <= tolerance.toMillis()
                ? Optional.of(best.box())
                : Optional.empty();
    }
}
