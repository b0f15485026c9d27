package io.headcount.vision.track;

import java.util.ArrayList;
import java.util.List;

/**
 * Matches track boxes to detection boxes by IoU with a globally optimal assignment ({@link
 * HungarianAssignment} on {@code 1 - IoU}). A pair below the minimum IoU is never matched. Capping
 * such pairs' cost at {@code 1 - minIou} makes the optimum the same as that of an assignment that
 * may leave any row and column unmatched at that price (lapjv's {@code cost_limit} in ByteTrack).
 */
final class IouMatcher {

    private IouMatcher() {}

    /** A matched pair: indexes into the track and detection lists given to {@link #match}. */
    record Pair(int track, int detection) {}

    static List<Pair> match(List<float[]> tracks, List<float[]> detections, float minIou) {
        return match(tracks, new float[tracks.size()], detections, minIou);
    }

    /**
     * As {@link #match(List, List, float)}, with both boxes of each pair widened on every side by
     * the track's buffer (a fraction of each box's own size) before their IoU is taken: C-BIoU,
     * which keeps IoU 1 for equal boxes and gives nearby ones an overlap.
     */
    static List<Pair> match(
            List<float[]> tracks, float[] buffers, List<float[]> detections, float minIou) {
        List<Pair> pairs = new ArrayList<>();
        if (tracks.isEmpty() || detections.isEmpty()) {
            return pairs;
        }
        double limit = 1.0 - minIou;
        float[][] iou = new float[tracks.size()][detections.size()];
        double[][] cost = new double[tracks.size()][detections.size()];
        for (int t = 0; t < tracks.size(); t++) {
            for (int d = 0; d < detections.size(); d++) {
                iou[t][d] =
                        Boxes.iou(
                                Boxes.widened(tracks.get(t), buffers[t]),
                                Boxes.widened(detections.get(d), buffers[t]));
                cost[t][d] = Math.min(1.0 - iou[t][d], limit);
            }
        }
        int[] assignment = HungarianAssignment.solve(cost);
        for (int t = 0; t < assignment.length; t++) {
            int d = assignment[t];
            if (d >= 0 && iou[t][d] >= minIou && iou[t][d] > 0f) {
                pairs.add(new Pair(t, d));
            }
        }
        return pairs;
    }
}
