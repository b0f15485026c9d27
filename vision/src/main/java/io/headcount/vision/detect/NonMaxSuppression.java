package io.headcount.vision.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression: keeps the best box of every group that overlaps too much. */
public final class NonMaxSuppression {

    private NonMaxSuppression() {}

    /**
     * @param candidates faces in any order
     * @param maxIou a face is dropped when its IoU with an already kept, higher-scoring face
     *     exceeds this
     * @param limit at most this many faces are kept
     * @return kept faces, best score first
     */
    public static List<DetectedFace> apply(List<DetectedFace> candidates, float maxIou, int limit) {
        List<DetectedFace> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
        List<DetectedFace> kept = new ArrayList<>();
        for (DetectedFace candidate : sorted) {
            if (kept.size() == limit) {
                break;
            }
            boolean suppressed = false;
            for (DetectedFace face : kept) {
                if (face.box().iou(candidate.box()) > maxIou) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(candidate);
            }
        }
        return kept;
    }
}
