package io.headcount.aggregation.store;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.Cell;
import io.headcount.schemas.Percentiles;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes windows into {@code audience_window} and {@code audience_cell} with idempotent UPSERTs, in
 * JDBC batches, on the caller's transaction (the caller commits). A row is rewritten only when its
 * content differs ({@code WHERE ... IS DISTINCT FROM}), so a redelivered record changes nothing,
 * not even {@code stored_at}; cells the new version of a window no longer has are deleted.
 */
final class WindowUpserter {

    private static final String UPSERT_WINDOW =
            """
      INSERT INTO audience_window AS w (site, camera, window_start, window_end, model_set, model_versions,
          frames, face_observations, visitors, dwell_p50_ms, dwell_p90_ms, dwell_max_ms,
          attention_p50_ms, attention_p90_ms, attention_max_ms)
      VALUES (?, ?, ?, ?, ?, jsonb_object(?::text[], ?::text[]), ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (site, camera, window_start, model_set) DO UPDATE SET
          window_end = EXCLUDED.window_end, model_versions = EXCLUDED.model_versions,
          frames = EXCLUDED.frames, face_observations = EXCLUDED.face_observations,
          visitors = EXCLUDED.visitors, dwell_p50_ms = EXCLUDED.dwell_p50_ms,
          dwell_p90_ms = EXCLUDED.dwell_p90_ms, dwell_max_ms = EXCLUDED.dwell_max_ms,
          attention_p50_ms = EXCLUDED.attention_p50_ms, attention_p90_ms = EXCLUDED.attention_p90_ms,
          attention_max_ms = EXCLUDED.attention_max_ms, stored_at = now()
      WHERE (w.window_end, w.model_versions, w.frames, w.face_observations, w.visitors,
             w.dwell_p50_ms, w.dwell_p90_ms, w.dwell_max_ms,
             w.attention_p50_ms, w.attention_p90_ms, w.attention_max_ms)
          IS DISTINCT FROM
            (EXCLUDED.window_end, EXCLUDED.model_versions, EXCLUDED.frames, EXCLUDED.face_observations,
             EXCLUDED.visitors, EXCLUDED.dwell_p50_ms, EXCLUDED.dwell_p90_ms, EXCLUDED.dwell_max_ms,
             EXCLUDED.attention_p50_ms, EXCLUDED.attention_p90_ms, EXCLUDED.attention_max_ms)
      """;

    private static final String DELETE_STALE_CELLS =
            """
      DELETE FROM audience_cell
      WHERE site = ? AND camera = ? AND window_start = ? AND model_set = ?
        AND (dimension, value) NOT IN (SELECT * FROM unnest(?::text[], ?::text[]))
      """;

    private static final String UPSERT_CELL =
            """
      INSERT INTO audience_cell AS c (site, camera, window_start, model_set, dimension, value, count, suppressed)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (site, camera, window_start, model_set, dimension, value) DO UPDATE SET
          count = EXCLUDED.count, suppressed = EXCLUDED.suppressed
      WHERE (c.count, c.suppressed) IS DISTINCT FROM (EXCLUDED.count, EXCLUDED.suppressed)
      """;

    private WindowUpserter() {}

    /** Upserts every window and its cells; at most one record per window key in {@code windows}. */
    static void upsert(Connection connection, Collection<AudienceStats> windows)
            throws SQLException {
        try (PreparedStatement window = connection.prepareStatement(UPSERT_WINDOW);
                PreparedStatement stale = connection.prepareStatement(DELETE_STALE_CELLS);
                PreparedStatement cell = connection.prepareStatement(UPSERT_CELL)) {
            for (AudienceStats stats : windows) {
                addWindow(connection, window, stats);
                addStaleCells(connection, stale, stats);
                addCells(cell, stats);
            }
            // Windows first: the cells reference them.
            window.executeBatch();
            stale.executeBatch();
            cell.executeBatch();
        }
    }

    private static void addWindow(
            Connection connection, PreparedStatement statement, AudienceStats stats)
            throws SQLException {
        Map<String, String> versions = new TreeMap<>(stats.getModelVersions());
        int i = 1;
        statement.setString(i++, stats.getSite());
        statement.setString(i++, stats.getCamera());
        statement.setObject(i++, OffsetDateTime.ofInstant(stats.getWindowStart(), ZoneOffset.UTC));
        statement.setObject(i++, OffsetDateTime.ofInstant(stats.getWindowEnd(), ZoneOffset.UTC));
        statement.setString(i++, stats.getModelSet());
        statement.setArray(i++, connection.createArrayOf("text", versions.keySet().toArray()));
        statement.setArray(i++, connection.createArrayOf("text", versions.values().toArray()));
        statement.setLong(i++, stats.getFrames());
        statement.setLong(i++, stats.getFaceObservations());
        statement.setLong(i++, stats.getVisitors());
        i = setPercentiles(statement, i, stats.getDwellMillis());
        setPercentiles(statement, i, stats.getAttentionMillis());
        statement.addBatch();
    }

    private static int setPercentiles(
            PreparedStatement statement, int index, Percentiles percentiles) throws SQLException {
        int i = index;
        if (percentiles == null) {
            for (int n = 0; n < 3; n++) {
                statement.setNull(i++, Types.BIGINT);
            }
            return i;
        }
        statement.setLong(i++, percentiles.getP50());
        statement.setLong(i++, percentiles.getP90());
        statement.setLong(i++, percentiles.getMax());
        return i;
    }

    private static void addStaleCells(
            Connection connection, PreparedStatement statement, AudienceStats stats)
            throws SQLException {
        List<String> dimensions = new ArrayList<>();
        List<String> values = new ArrayList<>();
        BreakdownDimension.cellsOf(stats)
                .forEach(
                        (dimension, cells) ->
                                cells.keySet()
                                        .forEach(
                                                value -> {
                                                    dimensions.add(dimension.column());
                                                    values.add(value);
                                                }));
        setKey(statement, stats);
        statement.setArray(5, connection.createArrayOf("text", dimensions.toArray()));
        statement.setArray(6, connection.createArrayOf("text", values.toArray()));
        statement.addBatch();
    }

    private static void addCells(PreparedStatement statement, AudienceStats stats)
            throws SQLException {
        for (Map.Entry<BreakdownDimension, Map<String, Cell>> dimension :
                BreakdownDimension.cellsOf(stats).entrySet()) {
            for (Map.Entry<String, Cell> cell : dimension.getValue().entrySet()) {
                setKey(statement, stats);
                statement.setString(5, dimension.getKey().column());
                statement.setString(6, cell.getKey());
                boolean suppressed = cell.getValue().getSuppressed();
                // A suppressed cell keeps no count, even if a producer sent one.
                if (suppressed) {
                    statement.setNull(7, Types.BIGINT);
                } else {
                    statement.setLong(7, cell.getValue().getCount());
                }
                statement.setBoolean(8, suppressed);
                statement.addBatch();
            }
        }
    }

    private static void setKey(PreparedStatement statement, AudienceStats stats)
            throws SQLException {
        statement.setString(1, stats.getSite());
        statement.setString(2, stats.getCamera());
        statement.setObject(3, OffsetDateTime.ofInstant(stats.getWindowStart(), ZoneOffset.UTC));
        statement.setString(4, stats.getModelSet());
    }
}
