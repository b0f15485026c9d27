package io.headcount.aggregation.counting;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.Cell;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;

/** Turns a closed window's tally into the public {@link AudienceStats} record and its key. */
public final class AudienceStatsMapping {

  /** Joins the model sets of a window that saw more than one (e.g. during a model rollout). */
  public static final String MODEL_SET_SEPARATOR = "+";

  /** Joins the versions of one model in a window that saw more than one. */
  public static final String VERSION_SEPARATOR = ",";

  private AudienceStatsMapping() {}

  /** Key {@code site/camera/windowStartMillis} and the window's stats. */
  public static KeyValue<String, AudienceStats> toStats(Windowed<String> window, WindowTally tally) {
    SiteCamera cell = SiteCamera.parse(window.key());
    long start = window.window().start();
    return KeyValue.pair(cell.windowKey(start), stats(cell, start, window.window().end(), tally));
  }

  static AudienceStats stats(SiteCamera cell, long start, long end, WindowTally tally) {
    Map<String, String> modelVersions = new LinkedHashMap<>();
    tally.modelVersions().forEach(
        (model, versions) -> modelVersions.put(model, String.join(VERSION_SEPARATOR, versions)));
    Map<String, Cell> noBreakdown = Map.of();
    return AudienceStats.newBuilder()
        .setSite(cell.site())
        .setCamera(cell.camera())
        .setWindowStart(Instant.ofEpochMilli(start))
        .setWindowEnd(Instant.ofEpochMilli(end))
        .setFrames(tally.frames())
        .setFaceObservations(tally.faceObservations())
        // Visitors are confirmed tracks (DESIGN.md section 4); tracks are not consumed yet, so no
        // observation is claimed to be a visitor. Impressions are in faceObservations.
        .setVisitors(0L)
        // Breakdowns come from fused track attributes with small-cell suppression; none yet.
        .setBySex(noBreakdown)
        .setByAgeGroup(noBreakdown)
        .setByMask(noBreakdown)
        .setByExpression(noBreakdown)
        // Every model set that processed a frame or produced an observation of the window is named,
        // joined when several.
        .setModelSet(String.join(MODEL_SET_SEPARATOR, tally.modelSets()))
        .setModelVersions(modelVersions)
        .build();
  }
}
