package io.headcount.bench.aggregation;

import io.headcount.schemas.AttributeProbabilities;
import io.headcount.schemas.Box;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FaceQuality;
import io.headcount.schemas.FrameProcessed;
import io.headcount.vision.detect.YuNetModel;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/**
 * The aggregation's benchmark load, the same for both drivers of {@link AggregationThroughput}:
 * four cameras at 10 frames per second, two or three tracked people in view of each (2.5
 * observations per frame on average, a person's track lasting 15 s), and one processed-frame record
 * per camera and frame, as the inference job writes them. The same seed gives the same records.
 */
final class AggregationLoad {

    static final String SITE = "berlin";
    static final String[] CAMERAS = {"entrance", "checkout", "hall", "exit"};
    static final long FRAME_MILLIS = 100;

    private static final String MODEL_SET = "default-2026.11";
    private static final Map<String, String> MODEL_VERSIONS =
            Map.of(YuNetModel.ROLE, "yunet-n@104ee26c", "age-sex", "face-api-agegender@5e2c1a0b");

    private final Random random = new Random(7);

    /** People in view of each camera in frame {@code frame}. */
    static int people(long frame) {
        return 2 + (int) ((frame / 50) % 2);
    }

    /** The capture time of frame {@code frame}. */
    static Instant time(Instant t0, long frame) {
        return t0.plusMillis(frame * FRAME_MILLIS);
    }

    /** The observation of {@code person} on {@code camera} in {@code frame}. */
    FaceObservation observation(String camera, int person, long frame, Instant time) {
        float female = random.nextFloat();
        float faceSize = 30 + random.nextInt(70);
        return FaceObservation.newBuilder()
                .setSite(SITE)
                .setCamera(camera)
                .setFrameTime(time)
                .setFrameSequence(time.toEpochMilli() / 40)
                .setFacesInFrame(1)
                .setTrackId(camera + "-" + person + "-" + (frame / 150))
                .setBox(new Box(412f, 188f, faceSize, faceSize * 1.2f))
                .setDetectionScore(0.91f)
                .setQuality(new FaceQuality(faceSize, 180f, 5f))
                .setAttributes(
                        AttributeProbabilities.newBuilder()
                                .setFemale(female)
                                .setAgeGroups(Map.of("30-39", 0.96f, "40-49", 0.04f))
                                .setMasked(0.02f)
                                .setExpressions(Map.of("neutral", 0.95f, "happy", 0.05f))
                                .build())
                .setModelSet(MODEL_SET)
                .setModelVersions(MODEL_VERSIONS)
                .build();
    }

    /** The processed-frame record of {@code camera} at {@code time} with {@code faces} faces. */
    static FrameProcessed frame(String camera, Instant time, int faces) {
        return builder(camera, time).setFaces(faces).build();
    }

    /** The camera's source ended at {@code time}. */
    static FrameProcessed endOfStream(String camera, Instant time) {
        return builder(camera, time).setFaces(0).setEndOfStream(true).build();
    }

    private static FrameProcessed.Builder builder(String camera, Instant time) {
        return FrameProcessed.newBuilder()
                .setSite(SITE)
                .setCamera(camera)
                .setFrameTime(time)
                .setFrameSequence(time.toEpochMilli() / 40)
                .setModelSet(MODEL_SET);
    }
}
