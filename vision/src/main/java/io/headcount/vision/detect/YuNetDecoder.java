package io.headcount.vision.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Post-processing for YuNet: turns the raw per-stride outputs into faces in frame pixels. Anchors
 * sit at (col * s, row * s) with no half-cell offset; the score is {@code sqrt(clamp01(cls) *
 * clamp01(obj))} as in OpenCV's {@code FaceDetectorYN}. Pure and thread-safe.
 */
public final class YuNetDecoder {

    public static final float DEFAULT_SCORE_THRESHOLD = 0.6f;
    public static final float DEFAULT_NMS_IOU = 0.3f;

    /** OpenCV's default top-k; a frame never holds this many faces, it only bounds the work. */
    public static final int DEFAULT_MAX_FACES = 5000;

    private final float scoreThreshold;
    private final float nmsIou;
    private final int maxFaces;

    public YuNetDecoder(float scoreThreshold, float nmsIou, int maxFaces) {
        if (!(scoreThreshold >= 0f && scoreThreshold <= 1f)) {
            throw new IllegalArgumentException(
                    "score threshold must be in 0..1: " + scoreThreshold);
        }
        if (!(nmsIou >= 0f && nmsIou <= 1f)) {
            throw new IllegalArgumentException("NMS IoU must be in 0..1: " + nmsIou);
        }
        if (maxFaces <= 0) {
            throw new IllegalArgumentException("maxFaces must be positive: " + maxFaces);
        }
        this.scoreThreshold = scoreThreshold;
        this.nmsIou = nmsIou;
        this.maxFaces = maxFaces;
    }

    public YuNetDecoder(float scoreThreshold, float nmsIou) {
        this(scoreThreshold, nmsIou, DEFAULT_MAX_FACES);
    }

    /**
     * @param outputs raw model outputs
     * @param scaleX tensor pixels per frame pixel along x (from the letterbox)
     * @param scaleY the same along y
     * @param frameWidth frame width, to cut boxes to the frame
     * @param frameHeight frame height
     * @return faces after thresholding and NMS, best score first
     */
    public List<DetectedFace> decode(
            YuNetOutputs outputs, float scaleX, float scaleY, int frameWidth, int frameHeight) {
        List<DetectedFace> candidates = new ArrayList<>();
        for (YuNetOutputs.Stride head : outputs.strides()) {
            int stride = head.stride();
            int cols = outputs.inputWidth() / stride;
            int rows = outputs.inputHeight() / stride;
            if (rows * cols != head.cells()) {
                throw new IllegalArgumentException(
                        "stride "
                                + stride
                                + " has "
                                + head.cells()
                                + " cells, expected "
                                + rows
                                + "x"
                                + cols
                                + " for a "
                                + outputs.inputWidth()
                                + "x"
                                + outputs.inputHeight()
                                + " input");
            }
            for (int i = 0; i < head.cells(); i++) {
                float score = (float) Math.sqrt(clamp01(head.cls()[i]) * clamp01(head.obj()[i]));
                if (score < scoreThreshold) {
                    continue;
                }
                int row = i / cols;
                int col = i % cols;
                candidates.add(
                        face(head, i, row, col, score, scaleX, scaleY, frameWidth, frameHeight));
            }
        }
        return NonMaxSuppression.apply(candidates, nmsIou, maxFaces);
    }

    private static DetectedFace face(
            YuNetOutputs.Stride head,
            int i,
            int row,
            int col,
            float score,
            float scaleX,
            float scaleY,
            int frameWidth,
            int frameHeight) {
        int s = head.stride();
        float[] bbox = head.bbox();
        float centerX = (col + bbox[4 * i]) * s;
        float centerY = (row + bbox[4 * i + 1]) * s;
        float width = (float) Math.exp(bbox[4 * i + 2]) * s;
        float height = (float) Math.exp(bbox[4 * i + 3]) * s;
        FaceBox box =
                new FaceBox(
                                (centerX - width / 2) / scaleX,
                                (centerY - height / 2) / scaleY,
                                width / scaleX,
                                height / scaleY)
                        .clippedTo(frameWidth, frameHeight);
        float[] kps = head.kps();
        float[] landmarks = new float[2 * DetectedFace.LANDMARKS];
        for (int j = 0; j < DetectedFace.LANDMARKS; j++) {
            landmarks[2 * j] = (col + kps[10 * i + 2 * j]) * s / scaleX;
            landmarks[2 * j + 1] = (row + kps[10 * i + 2 * j + 1]) * s / scaleY;
        }
        return new DetectedFace(box, score, landmarks);
    }

    private static float clamp01(float value) {
        return Math.max(0f, Math.min(1f, value));
    }
}
