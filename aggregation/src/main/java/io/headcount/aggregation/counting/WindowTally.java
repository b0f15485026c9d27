package io.headcount.aggregation.counting;

import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one site/camera window has accumulated so far: the frames processed, the face observations,
 * and every model set and model version that produced them. Each input record becomes a one-record
 * tally ({@link #of(FaceObservation)}, {@link #of(FrameProcessed)}) and tallies merge ({@link
 * #plus(WindowTally)}), so both inputs share one repartition topic and one window store. Immutable;
 * sorted collections keep its serialized form, and so replays, deterministic.
 *
 * @param frames processed frames counted (from {@code frames-processed}; end-of-stream records are
 *     not frames)
 * @param faceObservations observations counted
 * @param modelSets distinct model sets of those frames and observations
 * @param modelVersions every version seen per model name (observations carry them)
 */
public record WindowTally(
    long frames,
    long faceObservations,
    SortedSet<String> modelSets,
    SortedMap<String, SortedSet<String>> modelVersions) {

  private static final WindowTally EMPTY =
      new WindowTally(0, 0, Collections.emptySortedSet(), Collections.emptySortedMap());

  public WindowTally {
    modelSets = Collections.unmodifiableSortedSet(new TreeSet<>(modelSets));
    SortedMap<String, SortedSet<String>> versions = new TreeMap<>();
    modelVersions.forEach(
        (model, seen) -> versions.put(model, Collections.unmodifiableSortedSet(new TreeSet<>(seen))));
    modelVersions = Collections.unmodifiableSortedMap(versions);
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
        1, 0, new TreeSet<>(Collections.singleton(frame.getModelSet())), Collections.emptySortedMap());
  }

  /** Whether nothing was counted: such a window (e.g. one holding only an end of stream) is not emitted. */
  public boolean isEmpty() {
    return frames == 0 && faceObservations == 0;
  }

  public WindowTally plus(WindowTally other) {
    SortedSet<String> sets = new TreeSet<>(modelSets);
    sets.addAll(other.modelSets);
    SortedMap<String, SortedSet<String>> versions = new TreeMap<>(modelVersions);
    other.modelVersions.forEach(
        (model, seen) -> {
          SortedSet<String> merged = new TreeSet<>(versions.getOrDefault(model, Collections.emptySortedSet()));
          merged.addAll(seen);
          versions.put(model, merged);
        });
    return new WindowTally(
        frames + other.frames, faceObservations + other.faceObservations, sets, versions);
  }
}
