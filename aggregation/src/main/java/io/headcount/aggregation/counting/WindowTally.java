package io.headcount.aggregation.counting;

import io.headcount.core.attributes.Attribute;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.FusedAttribute;
import io.headcount.schemas.TrackSummary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one site/camera window has accumulated so far: the frames processed, the face observations,
 * the visitors (confirmed tracks whose last impression falls in the window) with their fused
 * attribute values, dwell and attention times, and every model set and model version that produced
 * them. Each input becomes a one-record tally ({@link #of(FaceObservation)}, {@link
 * #of(FrameProcessed)}, {@link #of(TrackSummary)}) and tallies merge ({@link #plus(WindowTally)}),
 * so all of them share one repartition topic and one window store. Immutable; sorted collections
 * keep its serialized form, and so replays, deterministic. Counts here are raw: suppression happens
 * when the public record is made ({@link AudienceStatsMapping}).
 *
 * @param frames processed frames counted (from {@code frames-processed}; end-of-stream records are
 *     not frames)
 * @param faceObservations observations counted
 * @param modelSets distinct model sets of those frames, observations and visitors
 * @param modelVersions every version seen per model name
 * @param visitors confirmed tracks that closed (last impression) in the window
 * @param breakdowns per attribute ({@link Attribute#settingName()}) the visitors per fused value,
 *     {@code undetermined} included; an attribute switched off has no entry
 * @param dwellMillis the visitors' dwell times, sorted
 * @param attentionMillis the visitors' attention times, sorted
 */
public record WindowTally(
        long frames,
        long faceObservations,
        SortedSet<String> modelSets,
        SortedMap<String, SortedSet<String>> modelVersions,
        long visitors,
        SortedMap<String, SortedMap<String, Long>> breakdowns,
        List<Long> dwellMillis,
        List<Long> attentionMillis) {

    private static final WindowTally EMPTY =
            new WindowTally(0, 0, Collections.emptySortedSet(), Collections.emptySortedMap());

    public WindowTally {
        modelSets = Collections.unmodifiableSortedSet(new TreeSet<>(modelSets));
        SortedMap<String, SortedSet<String>> versions = new TreeMap<>();
        modelVersions.forEach(
                (model, seen) ->
                        versions.put(
                                model, Collections.unmodifiableSortedSet(new TreeSet<>(seen))));
        modelVersions = Collections.unmodifiableSortedMap(versions);
        SortedMap<String, SortedMap<String, Long>> cells = new TreeMap<>();
        breakdowns.forEach(
                (attribute, counts) ->
                        cells.put(
                                attribute,
                                Collections.unmodifiableSortedMap(new TreeMap<>(counts))));
        breakdowns = Collections.unmodifiableSortedMap(cells);
        dwellMillis = sorted(dwellMillis);
        attentionMillis = sorted(attentionMillis);
    }

    /** A tally without visitors. */
    public WindowTally(
            long frames,
            long faceObservations,
            SortedSet<String> modelSets,
            SortedMap<String, SortedSet<String>> modelVersions) {
        this(
                frames,
                faceObservations,
                modelSets,
                modelVersions,
                0,
                Collections.emptySortedMap(),
                List.of(),
                List.of());
    }

    public static WindowTally empty() {
        return EMPTY;
    }

    /** One observation, with its model set and versions. */
    public static WindowTally of(FaceObservation observation) {
        SortedMap<String, SortedSet<String>> versions = new TreeMap<>();
        for (Map.Entry<String, String> model : observation.getModelVersions().entrySet()) {
            versions.put(model.getKey(), new TreeSet<>(Collections.singleton(model.getValue())));
        }
        return new WindowTally(
                0, 1, new TreeSet<>(Collections.singleton(observation.getModelSet())), versions);
    }

    /**
     * One processed frame with its model set; an end-of-stream record is no frame and tallies
     * nothing (it only moves event time, see {@code FrameProcessedTimeExtractor}).
     */
    public static WindowTally of(FrameProcessed frame) {
        if (frame.getEndOfStream()) {
            return EMPTY;
        }
        return new WindowTally(
                1,
                0,
                new TreeSet<>(Collections.singleton(frame.getModelSet())),
                Collections.emptySortedMap());
    }

    /** One visitor: its fused values (attributes the site switched off are null and left out). */
    public static WindowTally of(TrackSummary visitor) {
        SortedMap<String, SortedMap<String, Long>> cells = new TreeMap<>();
        putCell(cells, Attribute.SEX, visitor.getSex());
        putCell(cells, Attribute.AGE, visitor.getAgeGroup());
        putCell(cells, Attribute.MASK, visitor.getMasked());
        putCell(cells, Attribute.EXPRESSION, visitor.getExpression());
        return new WindowTally(
                0,
                0,
                new TreeSet<>(Collections.singleton(visitor.getModelSet())),
                Collections.emptySortedMap(),
                1,
                cells,
                List.of(visitor.getDwellMillis()),
                List.of(visitor.getAttentionMillis()));
    }

    private static void putCell(
            SortedMap<String, SortedMap<String, Long>> cells,
            Attribute attribute,
            FusedAttribute value) {
        if (value != null) {
            SortedMap<String, Long> counts = new TreeMap<>();
            counts.put(value.getValue(), 1L);
            cells.put(attribute.settingName(), counts);
        }
    }

    /**
     * Whether nothing was counted: such a window (e.g. one holding only an end of stream) is not
     * emitted.
     */
    public boolean isEmpty() {
        return frames == 0 && faceObservations == 0 && visitors == 0;
    }

    public WindowTally plus(WindowTally other) {
        SortedSet<String> sets = new TreeSet<>(modelSets);
        sets.addAll(other.modelSets);
        SortedMap<String, SortedSet<String>> versions = new TreeMap<>(modelVersions);
        other.modelVersions.forEach(
                (model, seen) -> {
                    SortedSet<String> merged =
                            new TreeSet<>(
                                    versions.getOrDefault(model, Collections.emptySortedSet()));
                    merged.addAll(seen);
                    versions.put(model, merged);
                });
        SortedMap<String, SortedMap<String, Long>> cells = new TreeMap<>(breakdowns);
        other.breakdowns.forEach(
                (attribute, counts) -> {
                    SortedMap<String, Long> merged =
                            new TreeMap<>(
                                    cells.getOrDefault(attribute, Collections.emptySortedMap()));
                    counts.forEach((value, count) -> merged.merge(value, count, Long::sum));
                    cells.put(attribute, merged);
                });
        return new WindowTally(
                frames + other.frames,
                faceObservations + other.faceObservations,
                sets,
                versions,
                visitors + other.visitors,
                cells,
                concat(dwellMillis, other.dwellMillis),
                concat(attentionMillis, other.attentionMillis));
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        List<Long> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    private static List<Long> sorted(List<Long> values) {
        List<Long> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return Collections.unmodifiableList(copy);
    }
}
