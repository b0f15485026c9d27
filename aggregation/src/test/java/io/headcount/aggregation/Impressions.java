package io.headcount.aggregation;

import io.headcount.schemas.AttributeProbabilities;
import io.headcount.schemas.Box;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FaceQuality;
import java.time.Instant;
import java.util.Map;

/**
 * Tracked face observations (impressions) with chosen attributes and quality, for the tracking
 * tests.
 */
public final class Impressions {

    /** A full-weight face: 80 px, sharp, frontal. */
    public static final float FULL_SIZE = 80f;

    private final String site;
    private final String camera;
    private float female = 0.97f;
    private Map<String, Float> ageGroups = Map.of("30-39", 0.96f, "40-49", 0.04f);
    private Float masked = 0.02f;
    private Map<String, Float> expressions = Map.of("neutral", 0.95f, "happy", 0.05f);
    private float faceSize = FULL_SIZE;
    private Float yaw = 5f;

    private Impressions(String site, String camera) {
        this.site = site;
        this.camera = camera;
    }

    public static Impressions at(String site, String camera) {
        return new Impressions(site, camera);
    }

    public Impressions female(float probability) {
        this.female = probability;
        return this;
    }

    public Impressions ageGroups(Map<String, Float> probabilities) {
        this.ageGroups = probabilities;
        return this;
    }

    public Impressions faceSize(float pixels) {
        this.faceSize = pixels;
        return this;
    }

    public Impressions yaw(Float degrees) {
        this.yaw = degrees;
        return this;
    }

    public FaceObservation of(String trackId, Instant frameTime) {
        return FaceObservation.newBuilder()
                .setSite(site)
                .setCamera(camera)
                .setFrameTime(frameTime)
                .setFrameSequence(frameTime.toEpochMilli() / 40)
                .setFacesInFrame(1)
                .setTrackId(trackId)
                .setBox(new Box(412f, 188f, faceSize, faceSize * 1.2f))
                .setDetectionScore(0.91f)
                .setQuality(new FaceQuality(faceSize, 180f, yaw))
                .setAttributes(
                        AttributeProbabilities.newBuilder()
                                .setFemale(female)
                                .setAgeGroups(ageGroups)
                                .setMasked(masked)
                                .setExpressions(expressions)
                                .build())
                .setModelSet(Observations.MODEL_SET)
                .setModelVersions(Observations.MODEL_VERSIONS)
                .build();
    }
}
