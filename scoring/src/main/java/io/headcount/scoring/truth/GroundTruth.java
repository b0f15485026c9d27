package io.headcount.scoring.truth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What really happened in front of one camera: the persons who passed, and the frame times that
 * were annotated with boxes.
 *
 * @param camera the camera id the produced records carry, or null to score every camera's records
 *     against this truth
 * @param persons each real visitor once
 * @param annotatedFrames frame times whose boxes are known, including frames with nobody in view;
 *     empty when the truth has no boxes
 */
public record GroundTruth(String camera, List<TruthPerson> persons, List<Instant> annotatedFrames) {

    public GroundTruth {
        persons = List.copyOf(persons);
        annotatedFrames = annotatedFrames.stream().distinct().sorted().toList();
        Set<String> ids = new HashSet<>();
        for (TruthPerson person : persons) {
            if (!ids.add(person.id())) {
                throw new IllegalArgumentException("person " + person.id() + " is listed twice");
            }
        }
    }

    /**
     * The same truth with every time moved by {@code offset}: footage annotated in its own clock,
     * replayed with recent capture times (Kafka deletes old records by their time).
     */
    public GroundTruth shiftedBy(Duration offset) {
        List<TruthPerson> moved = new ArrayList<>(persons.size());
        for (TruthPerson person : persons) {
            List<TimedBox> boxes = new ArrayList<>(person.boxes().size());
            for (TimedBox box : person.boxes()) {
                boxes.add(new TimedBox(box.time().plus(offset), box.box()));
            }
            moved.add(
                    new TruthPerson(
                            person.id(),
                            person.enter().plus(offset),
                            person.leave().plus(offset),
                            person.sex(),
                            person.ageGroup(),
                            person.masked(),
                            person.maskType(),
                            boxes,
                            person.judgeable()));
        }
        return new GroundTruth(
                camera, moved, annotatedFrames.stream().map(time -> time.plus(offset)).toList());
    }

    /** Whether any person has boxes, i.e. whether matching can use box overlap at all. */
    public boolean hasBoxes() {
        return persons.stream().anyMatch(person -> !person.boxes().isEmpty());
    }

    /** The boxes per annotated frame, in time order (the synthetic camera's frame lines). */
    public List<TruthFrame> frames() {
        Map<Instant, List<PersonBox>> byTime = new TreeMap<>();
        for (Instant time : annotatedFrames) {
            byTime.put(time, new ArrayList<>());
        }
        for (TruthPerson person : persons) {
            for (TimedBox box : person.boxes()) {
                byTime.computeIfAbsent(box.time(), t -> new ArrayList<>())
                        .add(new PersonBox(person.id(), box.box()));
            }
        }
        List<TruthFrame> frames = new ArrayList<>(byTime.size());
        byTime.forEach((time, boxes) -> frames.add(new TruthFrame(time, boxes)));
        return frames;
    }
}
