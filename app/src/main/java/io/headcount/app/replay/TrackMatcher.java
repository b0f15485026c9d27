package io.headcount.app.replay;

import io.headcount.schemas.Box;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.TrackSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pairs production visitors with candidate visitors. Track ids cannot be compared (each run of the
 * tracker draws random ones), so a pair is two visitors of the same site and camera whose times in
 * view overlap (temporal IoU of [firstSeen, lastSeen] at least {@value #MIN_TIME_IOU}) and whose
 * mean boxes overlap (IoU at least {@value #MIN_BOX_IOU}, where both have observations in the
 * range). Pairs are taken greedily, best first (time IoU × box IoU), each visitor in one pair at
 * most.
 */
final class TrackMatcher {

    static final double MIN_TIME_IOU = 0.5;
    static final double MIN_BOX_IOU = 0.3;

    record Pair(TrackSummary production, TrackSummary candidate, double timeIou, Double boxIou) {}

    record Result(
            List<Pair> pairs,
            List<TrackSummary> productionOnly,
            List<TrackSummary> candidateOnly) {}

    private TrackMatcher() {}

    static Result match(RangeSnapshot production, RangeSnapshot candidate) {
        Map<TrackSummary, Box> productionBoxes = meanBoxes(production);
        Map<TrackSummary, Box> candidateBoxes = meanBoxes(candidate);
        List<Pair> options = new ArrayList<>();
        for (TrackSummary a : production.tracks()) {
            for (TrackSummary b : candidate.tracks()) {
                if (!a.getSite().equals(b.getSite()) || !a.getCamera().equals(b.getCamera())) {
                    continue;
                }
                double timeIou = timeIou(a, b);
                if (timeIou < MIN_TIME_IOU) {
                    continue;
                }
                Box boxA = productionBoxes.get(a);
                Box boxB = candidateBoxes.get(b);
                Double boxIou = boxA == null || boxB == null ? null : boxIou(boxA, boxB);
                if (boxIou != null && boxIou < MIN_BOX_IOU) {
                    continue;
                }
                options.add(new Pair(a, b, timeIou, boxIou));
            }
        }
        options.sort(
                Comparator.comparingDouble(
                                (Pair pair) ->
                                        pair.timeIou()
                                                * (pair.boxIou() == null ? 1 : pair.boxIou()))
                        .reversed());
        Set<TrackSummary> usedA = new HashSet<>();
        Set<TrackSummary> usedB = new HashSet<>();
        List<Pair> pairs = new ArrayList<>();
        for (Pair pair : options) {
            if (!usedA.contains(pair.production()) && !usedB.contains(pair.candidate())) {
                usedA.add(pair.production());
                usedB.add(pair.candidate());
                pairs.add(pair);
            }
        }
        return new Result(
                pairs,
                production.tracks().stream().filter(track -> !usedA.contains(track)).toList(),
                candidate.tracks().stream().filter(track -> !usedB.contains(track)).toList());
    }

    static double timeIou(TrackSummary a, TrackSummary b) {
        long start = Math.max(a.getFirstSeen().toEpochMilli(), b.getFirstSeen().toEpochMilli());
        long end = Math.min(a.getLastSeen().toEpochMilli(), b.getLastSeen().toEpochMilli());
        long union =
                Math.max(a.getLastSeen().toEpochMilli(), b.getLastSeen().toEpochMilli())
                        - Math.min(
                                a.getFirstSeen().toEpochMilli(), b.getFirstSeen().toEpochMilli());
        if (end < start) {
            return 0;
        }
        // Inclusive ends: two one-frame tracks at the same instant overlap fully.
        return (end - start + 1.0) / (union + 1.0);
    }

    static double boxIou(Box a, Box b) {
        double x1 = Math.max(a.getX(), b.getX());
        double y1 = Math.max(a.getY(), b.getY());
        double x2 = Math.min(a.getX() + a.getWidth(), b.getX() + b.getWidth());
        double y2 = Math.min(a.getY() + a.getHeight(), b.getY() + b.getHeight());
        double intersection = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
        double union = a.getWidth() * a.getHeight() + b.getWidth() * b.getHeight() - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /**
     * Each visitor's mean box over its observations: those of its camera with its tracker id (the
     * summary's id without a split suffix {@code #n}) between its first and last impression.
     */
    static Map<TrackSummary, Box> meanBoxes(RangeSnapshot side) {
        Map<String, List<FaceObservation>> byTrack = new HashMap<>();
        for (FaceObservation face : side.observations()) {
            if (face.getTrackId() != null) {
                byTrack.computeIfAbsent(
                                face.getSite() + "/" + face.getCamera() + "/" + face.getTrackId(),
                                key -> new ArrayList<>())
                        .add(face);
            }
        }
        Map<TrackSummary, Box> boxes = new HashMap<>();
        for (TrackSummary track : side.tracks()) {
            String id = track.getTrackId();
            int split = id.indexOf('#');
            String trackerId = split < 0 ? id : id.substring(0, split);
            meanBox(
                            byTrack
                                    .getOrDefault(
                                            track.getSite()
                                                    + "/"
                                                    + track.getCamera()
                                                    + "/"
                                                    + trackerId,
                                            List.of())
                                    .stream()
                                    .filter(
                                            face ->
                                                    !face.getFrameTime()
                                                                    .isBefore(track.getFirstSeen())
                                                            && !face.getFrameTime()
                                                                    .isAfter(track.getLastSeen()))
                                    .toList())
                    .ifPresent(box -> boxes.put(track, box));
        }
        return boxes;
    }

    private static Optional<Box> meanBox(List<FaceObservation> faces) {
        if (faces.isEmpty()) {
            return Optional.empty();
        }
        double x = 0, y = 0, w = 0, h = 0;
        for (FaceObservation face : faces) {
            x += face.getBox().getX();
            y += face.getBox().getY();
            w += face.getBox().getWidth();
            h += face.getBox().getHeight();
        }
        int n = faces.size();
        return Optional.of(
                new Box((float) (x / n), (float) (y / n), (float) (w / n), (float) (h / n)));
    }
}
