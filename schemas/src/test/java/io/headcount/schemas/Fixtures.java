package io.headcount.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/** Realistic example records of every contract. */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2026-11-27T10:15:30.250Z");

    private Fixtures() {}

    public static FrameEvent frame() {
        return FrameEvent.newBuilder()
                .setSite("store-berlin-1")
                .setCamera("entrance-left")
                .setGateway("gw-01")
                .setSequence(42)
                .setCaptureTime(T0)
                .setWidth(640)
                .setHeight(360)
                .setJpeg(
                        ByteBuffer.wrap(
                                new byte[] {
                                    (byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9
                                }))
                .build();
    }

    public static FrameProcessed frameProcessed() {
        return new FrameProcessed(
                "store-berlin-1", "entrance-left", T0, 42L, 2, false, "default-2026.11");
    }

    public static FaceObservation observation() {
        return FaceObservation.newBuilder()
                .setSite("store-berlin-1")
                .setCamera("entrance-left")
                .setFrameTime(T0)
                .setFrameSequence(42)
                .setFacesInFrame(2)
                .setTrackId("c1f0a8e2")
                .setBox(new Box(100f, 80f, 64f, 72f))
                .setDetectionScore(0.93f)
                .setQuality(new FaceQuality(64f, 120.5f, -8.0f))
                .setAttributes(
                        AttributeProbabilities.newBuilder()
                                .setFemale(0.81f)
                                .setAgeGroups(Map.of("20-29", 0.7f, "30-39", 0.3f))
                                .setMasked(0.02f)
                                .setExpressions(Map.of("neutral", 0.6f, "happy", 0.4f))
                                .build())
                .setModelSet("default-2026.11")
                .setModelVersions(Map.of("detector", "yunet-n@104ee26c"))
                .build();
    }

    public static TrackSummary track() {
        return TrackSummary.newBuilder()
                .setSite("store-berlin-1")
                .setCamera("entrance-left")
                .setTrackId("c1f0a8e2")
                .setFirstSeen(T0)
                .setLastSeen(T0.plusMillis(4200))
                .setImpressions(31)
                .setImpressionsUsed(24)
                .setDwellMillis(4200)
                .setAttentionMillis(1800)
                .setSex(new FusedAttribute("female", 0.97f))
                .setAgeGroup(new FusedAttribute("undetermined", 0.55f))
                .setMasked(null)
                .setExpression(new FusedAttribute("neutral", 0.91f))
                .setModelSet("default-2026.11")
                .setModelVersions(Map.of("detector", "yunet-n@104ee26c"))
                .build();
    }

    public static AudienceStats stats() {
        return AudienceStats.newBuilder()
                .setSite("store-berlin-1")
                .setCamera("entrance-left")
                .setWindowStart(T0)
                .setWindowEnd(T0.plusSeconds(60))
                .setFaceObservations(420)
                .setVisitors(12)
                .setBySex(Map.of("female", new Cell(7L, false), "male", new Cell(null, true)))
                .setByAgeGroup(Map.of())
                .setByMask(Map.of())
                .setByExpression(Map.of())
                .setDwellMillis(new Percentiles(3000L, 9000L, 15000L))
                .setAttentionMillis(null)
                .setModelSet("default-2026.11")
                .setModelVersions(Map.of("detector", "yunet-n@104ee26c"))
                .build();
    }

    public static DeadLetter deadLetter() {
        return DeadLetters.of(
                "frames",
                0,
                17L,
                T0.toEpochMilli(),
                "cam".getBytes(),
                new byte[] {1, 2, 3},
                "inference/decode-jpeg",
                "CORRUPT_JPEG",
                "not a JPEG: missing SOI marker");
    }
}
