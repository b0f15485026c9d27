package io.headcount.vision.attributes;

import io.headcount.vision.detect.FaceBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decodes UltraFace mask3cls outputs ({@code scores [1,n,3]} softmax over background, face,
 * masked_face; {@code boxes [1,n,4]} x1,y1,x2,y2 normalised) and matches them to the detector's
 * faces. A candidate is kept when either face class exceeds the score threshold; NMS then runs over
 * both classes together (class-agnostic), because one face should give one mask answer, not a
 * {@code face} and a {@code masked_face} box on top of each other. Pure.
 */
public final class MaskDecoder {

    public static final float DEFAULT_SCORE_THRESHOLD = 0.5f;
    public static final float DEFAULT_NMS_IOU = 0.3f;
    public static final float DEFAULT_MIN_MATCH_IOU = 0.3f;

    private final float scoreThreshold;
    private final float nmsIou;
    private final float minMatchIou;

    public MaskDecoder(float scoreThreshold, float nmsIou, float minMatchIou) {
        this.scoreThreshold = scoreThreshold;
        this.nmsIou = nmsIou;
        this.minMatchIou = minMatchIou;
    }

    /** Faces in frame pixels, best score first, after NMS. */
    public List<MaskDetection> decode(
            float[] scores, float[] boxes, int frameWidth, int frameHeight) {
        int anchors = scores.length / 3;
        if (boxes.length != anchors * 4) {
            throw new IllegalArgumentException(
                    "scores for " + anchors + " anchors but " + boxes.length / 4 + " boxes");
        }
        List<MaskDetection> candidates = new ArrayList<>();
        for (int i = 0; i < anchors; i++) {
            float face = scores[3 * i + 1];
            float masked = scores[3 * i + 2];
            if (face > scoreThreshold || masked > scoreThreshold) {
                float x1 = boxes[4 * i] * frameWidth;
                float y1 = boxes[4 * i + 1] * frameHeight;
                float x2 = boxes[4 * i + 2] * frameWidth;
                float y2 = boxes[4 * i + 3] * frameHeight;
                candidates.add(
                        new MaskDetection(new FaceBox(x1, y1, x2 - x1, y2 - y1), face, masked));
            }
        }
        candidates.sort(Comparator.comparingDouble(MaskDetection::score).reversed());
        List<MaskDetection> kept = new ArrayList<>();
        for (MaskDetection candidate : candidates) {
            boolean suppressed = false;
            for (MaskDetection better : kept) {
                if (better.box().iou(candidate.box()) > nmsIou) {
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

    /**
     * p(masked) of the mask detection that overlaps {@code face} most, if that overlap reaches the
     * minimum IoU; null when the mask detector found nothing there.
     */
    public Float maskedProbability(List<MaskDetection> detections, FaceBox face) {
        MaskDetection best = bestMatch(detections, face, minMatchIou);
        return best == null ? null : best.maskedShare();
    }

    /**
     * The detection of {@code detections} that overlaps {@code face} most, if that overlap reaches
     * {@code minIou}; else null.
     */
    public static MaskDetection bestMatch(
            List<MaskDetection> detections, FaceBox face, float minIou) {
        MaskDetection best = null;
        float bestIou = 0f;
        for (MaskDetection detection : detections) {
            float iou = detection.box().iou(face);
            if (iou > bestIou) {
                bestIou = iou;
                best = detection;
            }
        }
        return best == null || bestIou < minIou ? null : best;
    }
}
