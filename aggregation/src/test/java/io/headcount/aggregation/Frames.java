package io.headcount.aggregation;

import io.headcount.schemas.FrameProcessed;
import java.time.Instant;

/** Processed-frame records as the inference job writes them, for the aggregation tests. */
public final class Frames {

    private Frames() {}

    public static FrameProcessed of(String site, String camera, Instant frameTime, int faces) {
        return builder(site, camera, frameTime).setFaces(faces).build();
    }

    /** The camera's finite source (a folder, a replay) ended at {@code frameTime}. */
    public static FrameProcessed endOfStream(String site, String camera, Instant frameTime) {
        return builder(site, camera, frameTime).setFaces(0).setEndOfStream(true).build();
    }

    private static FrameProcessed.Builder builder(String site, String camera, Instant frameTime) {
        return FrameProcessed.newBuilder()
                .setSite(site)
                .setCamera(camera)
                .setFrameTime(frameTime)
                .setFrameSequence(frameTime.toEpochMilli() / 40)
                .setModelSet(Observations.MODEL_SET);
    }
}
