package io.headcount.aggregation;

import io.headcount.schemas.AttributeProbabilities;
import io.headcount.schemas.Box;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FaceQuality;
import java.time.Instant;
import java.util.Map;

/** Realistic face observations for the aggregation tests. */
public final class Observations {

    public static final String MODEL_SET = "default-2026.11";
    public static final Map<String, String> MODEL_VERSIONS =
            Map.of("detector", "yunet-n@104ee26c", "age-sex", "face-api-agegender@5e2c1a0b");

    private Observations() {}

    public static FaceObservation of(String site, String camera, Instant frameTime) {
        return of(site, camera, frameTime, MODEL_SET, MODEL_VERSIONS);
    }

    public static FaceObservation of(
            String site,
            String camera,
            Instant frameTime,
            String modelSet,
            Map<String, String> versions) {
        return FaceObservation.newBuilder()
                .setSite(site)
                .setCamera(camera)
                .setFrameTime(frameTime)
                .setFrameSequence(frameTime.toEpochMilli() / 40)
                .setFacesInFrame(1)
                .setTrackId(null)
                .setBox(new Box(412f, 188f, 61f, 74f))
                .setDetectionScore(0.91f)
                .setQuality(new FaceQuality(61f, 143.2f, 6.5f))
                .setAttributes(
                        AttributeProbabilities.newBuilder()
                                .setFemale(0.22f)
                                .setAgeGroups(Map.of("30-39", 0.64f, "40-49", 0.36f))
                                .setMasked(0.88f)
                                .setExpressions(null)
                                .build())
                .setModelSet(modelSet)
                .setModelVersions(versions)
                .build();
    }
}
