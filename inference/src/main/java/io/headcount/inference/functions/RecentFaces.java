package io.headcount.inference.functions;

import io.headcount.inference.records.FrameInfo;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.FaceBox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each camera's last frame had faces kept at the threshold, for {@link
 * io.headcount.vision.attributes.RegionSearch} to look again in the camera's next frame. Task
 * memory, not Flink state: it only says where to look, so a restart that loses it loses one frame's
 * hints. A camera's frames reach one subtask in capture order (keyed by camera after the source).
 * Bounded: beyond {@link #MAX_CAMERAS} the camera seen least recently is forgotten, and a hint more
 * than {@link #MAX_AGE_MILLIS} of capture time old is not used (the face has moved on). One per
 * task thread; not thread-safe.
 */
final class RecentFaces {

    static final int MAX_CAMERAS = 10_000;

    /** At 2 frames per second, the last frame is still a hint; at 1, a face has walked on. */
    static final long MAX_AGE_MILLIS = 1_000;

    private record Seen(long captureTime, List<FaceBox> faces) {}

    private final float threshold;

    private final Map<String, Seen> byCamera =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                    return size() > MAX_CAMERAS;
                }
            };

    /**
     * @param threshold the score a face needs to be a hint ({@code detector.score-threshold})
     */
    RecentFaces(float threshold) {
        this.threshold = threshold;
    }

    /** The faces of the camera's last frame, if it was at most {@link #MAX_AGE_MILLIS} before. */
    List<FaceBox> before(FrameInfo frame) {
        Seen seen = byCamera.get(frame.camera());
        if (seen == null) {
            return List.of();
        }
        long age = frame.captureTime() - seen.captureTime();
        return age > 0 && age <= MAX_AGE_MILLIS ? seen.faces() : List.of();
    }

    /**
     * Remembers the faces {@code frame} kept at the threshold or above; an end of stream forgets
     * the camera.
     */
    void remember(FrameInfo frame, List<DetectedFace> kept) {
        if (frame.endOfStream()) {
            byCamera.remove(frame.camera());
            return;
        }
        List<FaceBox> faces = new ArrayList<>(kept.size());
        for (DetectedFace face : kept) {
            if (face.score() >= threshold) {
                faces.add(face.box());
            }
        }
        byCamera.put(frame.camera(), new Seen(frame.captureTime(), List.copyOf(faces)));
    }

    int cameras() {
        return byCamera.size();
    }
}
