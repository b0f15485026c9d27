package io.headcount.vision.attributes;

import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.frame.BgrImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A second look, at the frame's own resolution, where a face is likely and the whole-frame pass
 * found none that reaches the threshold. The face detector sees the whole frame scaled down (a 720p
 * frame to 640 px), so a face of 100 px is 50 px to it, and half of it hidden by a mask: YuNet
 * scores it below what {@link MaskCorroboration} can lift, while the same face at its own size
 * scores well. Two things say where to look:
 *
 * <ul>
 *   <li>the mask detector's findings (trained on masked faces, it often finds such a face);
 *   <li>the faces the camera's previous frame kept, where this frame has none: a face found once,
 *       by either pass, is then looked for again where it was, frame after frame, so that its track
 *       can confirm and continue.
 * </ul>
 *
 * A square region {@code regionFactor} times the place's longer side is cut from the decoded frame
 * and searched again by the same detector at up to {@code regionSide} px. The face found there that
 * overlaps the place replaces any weaker face the whole-frame pass had there; {@link
 * MaskCorroboration} then judges it like any other face (threshold, second opinion, low band), so a
 * face is kept only at the threshold's score. Frames where every such place is explained cost
 * nothing; at most {@code maxRegions} regions per frame, mask findings first, best first.
 *
 * <p>Holds the detector's native session: open it once per task, close it when the task ends.
 */
public final class RegionSearch implements AutoCloseable {

    /**
     * A region three times the place's longer side: the face, what YuNet needs around it, and a
     * face's move of a side between two frames.
     */
    public static final float DEFAULT_REGION_FACTOR = 3f;

    /** Regions up to 320 px are searched at their own size; larger ones are scaled down to it. */
    public static final int DEFAULT_REGION_SIDE = 320;

    /** Bounds the cost of a frame full of places that hold no face. */
    public static final int DEFAULT_MAX_REGIONS = 4;

    /** Null where no region is searched. */
    private final YuNetDetector detector;

    private final float threshold;
    private final float regionFactor;
    private final int maxRegions;

    private RegionSearch(
            YuNetDetector detector, float threshold, float regionFactor, int maxRegions) {
        this.detector = detector;
        this.threshold = threshold;
        this.regionFactor = regionFactor;
        this.maxRegions = maxRegions;
    }

    /**
     * The search that {@code corroboration} asks for ({@link MaskCorroboration#searchRegions}),
     * with the whole-frame detector's model and session settings, a region {@link
     * #DEFAULT_REGION_FACTOR} times a place at up to {@link #DEFAULT_REGION_SIDE} px; none where no
     * region is searched (it opens no session then).
     */
    public static RegionSearch open(DetectorSettings detector, MaskCorroboration corroboration) {
        return open(
                corroboration.decodingDown(detector),
                corroboration.threshold(),
                DEFAULT_REGION_FACTOR,
                DEFAULT_REGION_SIDE,
                corroboration.searchRegions());
    }

    /**
     * @param decoding the whole-frame detector's settings as {@link MaskCorroboration#decodingDown}
     *     gives them (its threshold is the least score kept)
     * @param threshold the score a face needs ({@code detector.score-threshold}): a place with a
     *     face at it that reaches it, alone or with the second opinion, needs no second look
     * @param regionSide the longest side a region is searched at, a multiple of 32
     * @param maxRegions the most regions per frame; 0, none
     */
    public static RegionSearch open(
            DetectorSettings decoding,
            float threshold,
            float regionFactor,
            int regionSide,
            int maxRegions) {
        if (!(regionFactor >= 1f)) {
            throw new IllegalArgumentException(
                    "the region must be at least the size of the place searched: " + regionFactor);
        }
        if (maxRegions < 0) {
            throw new IllegalArgumentException(
                    "the regions searched per frame must be 0 or more: " + maxRegions);
        }
        return new RegionSearch(
                maxRegions == 0 ? null : YuNetDetector.open(decoding.withLongestSide(regionSide)),
                threshold,
                regionFactor,
                maxRegions);
    }

    /**
     * The whole-frame faces and those found in regions.
     *
     * @param faces the faces to judge, best score first: {@code found} with each face found in a
     *     region in place of the weaker faces at the same place
     * @param regions how many regions were searched
     * @param added how many faces the regions gave
     */
    public record Searched(List<DetectedFace> faces, int regions, int added) {}

    /**
     * Searches the regions of {@code masks}' findings, then of {@code recentFaces}, that no face of
     * {@code found} explains.
     *
     * @param found the whole-frame detector's faces on {@code frame}, best score first
     * @param masks the mask detector's findings on {@code frame}; null if none were made
     * @param recentFaces where the camera's previous frame had faces kept at the threshold
     */
    public Searched search(
            BgrImage frame, List<DetectedFace> found, FrameMasks masks, List<FaceBox> recentFaces) {
        boolean noFindings = masks == null || masks.detections().length == 0;
        if (detector == null || (noFindings && recentFaces.isEmpty())) {
            return new Searched(found, 0, 0);
        }
        List<FaceBox> places = new ArrayList<>();
        if (!noFindings) {
            for (MaskDetection finding : masks.detections()) {
                places.add(finding.box());
            }
        }
        places.addAll(recentFaces);
        List<DetectedFace> faces = new ArrayList<>(found);
        int regions = 0;
        int added = 0;
        for (FaceBox place : places) {
            if (regions == maxRegions) {
                break;
            }
            if (explained(place, faces, masks)) {
                continue;
            }
            regions++;
            DetectedFace face = searchAround(frame, place);
            if (face != null) {
                faces.removeIf(f -> overlaps(f, face) && f.score() <= face.score());
                if (faces.stream().noneMatch(f -> overlaps(f, face))) {
                    faces.add(face);
                    added++;
                }
            }
        }
        if (added > 0) {
            faces.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
        }
        return new Searched(faces, regions, added);
    }

    private static boolean overlaps(DetectedFace a, DetectedFace b) {
        return a.box().iou(b.box()) >= MaskDecoder.DEFAULT_MIN_MATCH_IOU;
    }

    /** Whether a face of {@code faces} at {@code place} reaches the threshold, alone or lifted. */
    private boolean explained(FaceBox place, List<DetectedFace> faces, FrameMasks masks) {
        for (DetectedFace face : faces) {
            if (face.box().iou(place) >= MaskDecoder.DEFAULT_MIN_MATCH_IOU
                    && (face.score() >= threshold
                            || (masks != null
                                    && masks.corroborated(face.box(), face.score())
                                            >= threshold))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The best face of the region around {@code box} that overlaps it, in frame pixels; or null.
     */
    private DetectedFace searchAround(BgrImage frame, FaceBox box) {
        float side = regionFactor * Math.max(box.width(), box.height());
        float centerX = box.x() + box.width() / 2;
        float centerY = box.y() + box.height() / 2;
        int x0 = clamp(Math.round(centerX - side / 2), frame.width() - 1);
        int y0 = clamp(Math.round(centerY - side / 2), frame.height() - 1);
        int x1 = clamp(Math.round(centerX + side / 2), frame.width());
        int y1 = clamp(Math.round(centerY + side / 2), frame.height());
        if (x1 - x0 < 2 || y1 - y0 < 2) {
            return null;
        }
        List<DetectedFace> inRegion = detector.detect(frame.region(x0, y0, x1 - x0, y1 - y0));
        for (DetectedFace face : inRegion) {
            DetectedFace inFrame = shifted(face, x0, y0);
            if (inFrame.box().iou(box) >= MaskDecoder.DEFAULT_MIN_MATCH_IOU) {
                return inFrame;
            }
        }
        return null;
    }

    private static DetectedFace shifted(DetectedFace face, int dx, int dy) {
        FaceBox box = face.box();
        float[] landmarks = face.landmarks().clone();
        for (int i = 0; i < landmarks.length; i += 2) {
            landmarks[i] += dx;
            landmarks[i + 1] += dy;
        }
        return new DetectedFace(
                new FaceBox(box.x() + dx, box.y() + dy, box.width(), box.height()),
                face.score(),
                landmarks);
    }

    private static int clamp(int value, int max) {
        return Math.max(0, Math.min(max, value));
    }

    @Override
    public void close() {
        if (detector != null) {
            detector.close();
        }
    }
}
