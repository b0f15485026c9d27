package io.headcount.inference.functions;

import java.util.Map;

/**
 * Whether the decoding thread runs the frame-level mask detector ahead on a camera's frame: always
 * while it keeps finding faces there, else on every {@value #PROBE_EVERY}th frame only. Most frames
 * of an empty scene need no mask answer, and the mask detector is the costliest model on them. A
 * frame left out here that does have faces gets its mask answer from {@code describe-faces}
 * instead: the same model on the same frame, so the same answer, only on the models' thread. Not
 * thread-safe: one per decoding thread.
 */
final class MaskAhead {

    /** One frame in this many of a camera with no face in its last run ahead is run ahead. */
    static final int PROBE_EVERY = 5;

    /** Cameras whose last run found no face, with the frames left out since. */
    private final Map<String, Integer> emptyCameras = RecentCameras.map();

    /** Whether to run the mask detector ahead on this frame of {@code camera}. */
    boolean runsOn(String camera) {
        Integer leftOut = emptyCameras.get(camera);
        if (leftOut == null || leftOut + 1 >= PROBE_EVERY) {
            return true;
        }
        emptyCameras.put(camera, leftOut + 1);
        return false;
    }

    /** What the run ahead on {@code camera}'s frame found. */
    void ran(String camera, boolean foundFaces) {
        if (foundFaces) {
            emptyCameras.remove(camera);
        } else {
            emptyCameras.put(camera, 0);
        }
    }
}
