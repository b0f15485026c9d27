package io.headcount.scoring;

import io.headcount.schemas.AttributeProbabilities;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.Box;
import io.headcount.schemas.Cell;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FaceQuality;
import io.headcount.schemas.FusedAttribute;
import io.headcount.schemas.TrackSummary;
import io.headcount.scoring.truth.Rect;
import io.headcount.scoring.truth.TimedBox;
import io.headcount.scoring.truth.TruthPerson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hand-made produced records and truth persons: a 10 fps camera from {@link #T0}, frame {@code n}
 * at {@code T0 + n × 100 ms}.
 */
public final class Fixtures {

    public static final String CAMERA = "cam-1";
    public static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private Fixtures() {}

    public static Instant frame(int n) {
        return T0.plusMillis(100L * n);
    }

    /** A person in view from frame {@code first} to {@code last} with the same box in each. */
    public static TruthPerson person(
            String id, int first, int last, String sex, String ageGroup, Boolean masked, Rect box) {
        List<TimedBox> boxes = new ArrayList<>();
        for (int n = first; n <= last; n++) {
            boxes.add(new TimedBox(frame(n), box));
        }
        return new TruthPerson(id, frame(first), frame(last), sex, ageGroup, masked, boxes);
    }

    /** Observations of one track at frames {@code first..last}, all with {@code box}. */
    public static List<FaceObservation> observations(
            String track, int first, int last, Rect box, Float... female) {
        List<FaceObservation> observations = new ArrayList<>();
        for (int n = first; n <= last; n++) {
            Float p = female.length == 0 ? null : female[(n - first) % female.length];
            observations.add(observation(track, frame(n), box, p));
        }
        return observations;
    }

    public static FaceObservation observation(String track, Instant time, Rect box, Float female) {
        return FaceObservation.newBuilder()
                .setSite("site-1")
                .setCamera(CAMERA)
                .setFrameTime(time)
                .setFrameSequence((time.toEpochMilli() - T0.toEpochMilli()) / 100)
                .setFacesInFrame(1)
                .setTrackId(track)
                .setBox(
                        new Box(
                                (float) box.x(),
                                (float) box.y(),
                                (float) box.width(),
                                (float) box.height()))
                .setDetectionScore(0.9f)
                .setQuality(new FaceQuality(80f, null, null))
                .setAttributes(new AttributeProbabilities(female, null, null, null))
                .setModelSet("test")
                .setModelVersions(Map.of())
                .build();
    }

    /**
     * A closed track from frame {@code first} to {@code last}; a null attribute is switched off.
     */
    public static TrackSummary track(
            String id, int first, int last, String sex, String ageGroup, String masked) {
        return TrackSummary.newBuilder()
                .setSite("site-1")
                .setCamera(CAMERA)
                .setTrackId(id)
                .setFirstSeen(frame(first))
                .setLastSeen(frame(last))
                .setImpressions(last - first + 1)
                .setImpressionsUsed(last - first + 1)
                .setDwellMillis(100L * (last - first))
                .setAttentionMillis(0)
                .setSex(fused(sex))
                .setAgeGroup(fused(ageGroup))
                .setMasked(fused(masked))
                .setExpression(null)
                .setModelSet("test")
                .setModelVersions(Map.of())
                .build();
    }

    private static FusedAttribute fused(String value) {
        return value == null
                ? null
                : new FusedAttribute(value, value.equals("undetermined") ? 0.6f : 0.95f);
    }

    public static AudienceStats window(
            Instant start,
            Instant end,
            long visitors,
            Map<String, Cell> bySex,
            Map<String, Cell> byMask) {
        return AudienceStats.newBuilder()
                .setSite("site-1")
                .setCamera(CAMERA)
                .setWindowStart(start)
                .setWindowEnd(end)
                .setFrames(10)
                .setFaceObservations(visitors * 10)
                .setVisitors(visitors)
                .setBySex(bySex)
                .setByAgeGroup(Map.of())
                .setByMask(byMask)
                .setByExpression(Map.of())
                .setDwellMillis(null)
                .setAttentionMillis(null)
                .setModelSet("test")
                .setModelVersions(Map.of())
                .build();
    }

    public static Cell cell(long count) {
        return new Cell(count, false);
    }

    public static Cell suppressed() {
        return new Cell(null, true);
    }
}
