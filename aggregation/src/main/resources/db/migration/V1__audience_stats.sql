-- The stats store: one row per AudienceStats (site, camera, window, model set), its breakdown cells
-- in a child table, and the views Grafana reads. Tables hold what audience-stats carries (already
-- suppressed by the aggregation); every view re-applies small-cell suppression with k from
-- suppression_setting, so no view ever shows a breakdown count below k.
-- Times are timestamptz; roll-up buckets are UTC hours and days.

-- k of small-cell suppression. One row; the writer sets it from its options at start.
CREATE TABLE suppression_setting (
  id        boolean PRIMARY KEY DEFAULT true CHECK (id),
  min_count integer NOT NULL CHECK (min_count >= 1)
);
INSERT INTO suppression_setting (id, min_count) VALUES (true, 5);

-- One AudienceStats record. model_set is part of the key: a candidate model's replay of the same
-- cameras is a separate series, never summed with the production one.
CREATE TABLE audience_window (
  site               text        NOT NULL,
  camera             text        NOT NULL,
  window_start       timestamptz NOT NULL,
  window_end         timestamptz NOT NULL,
  model_set          text        NOT NULL,
  model_versions     jsonb       NOT NULL DEFAULT '{}',
  frames             bigint      NOT NULL CHECK (frames >= 0),
  face_observations  bigint      NOT NULL CHECK (face_observations >= 0),
  visitors           bigint      NOT NULL CHECK (visitors >= 0),
  -- Nearest-rank percentiles over the window's visitors; null below k visitors.
  dwell_p50_ms       bigint,
  dwell_p90_ms       bigint,
  dwell_max_ms       bigint,
  attention_p50_ms   bigint,
  attention_p90_ms   bigint,
  attention_max_ms   bigint,
  -- When the row's content last changed; a redelivered identical record does not touch it.
  stored_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site, camera, window_start, model_set),
  CHECK (window_end > window_start)
);
-- Grafana filters on time first, across cameras.
CREATE INDEX audience_window_by_time ON audience_window (window_start);

-- One breakdown cell of a window: dimension sex | age | mask | expression, value e.g. female,
-- 25-34, undetermined. A suppressed cell has no count.
CREATE TABLE audience_cell (
  site         text        NOT NULL,
  camera       text        NOT NULL,
  window_start timestamptz NOT NULL,
  model_set    text        NOT NULL,
  dimension    text        NOT NULL,
  value        text        NOT NULL,
  count        bigint      CHECK (count >= 0),
  suppressed   boolean     NOT NULL,
  PRIMARY KEY (site, camera, window_start, model_set, dimension, value),
  FOREIGN KEY (site, camera, window_start, model_set)
    REFERENCES audience_window (site, camera, window_start, model_set) ON DELETE CASCADE,
  CHECK (suppressed = (count IS NULL))
);

-- Windows as dashboards may read them: totals (no attribute, never suppressed) and percentiles only
-- for windows with at least k visitors.
CREATE VIEW audience_window_public AS
SELECT w.site, w.camera, w.window_start, w.window_end, w.model_set, w.model_versions,
       w.frames, w.face_observations, w.visitors,
       CASE WHEN w.visitors >= s.min_count THEN w.dwell_p50_ms END     AS dwell_p50_ms,
       CASE WHEN w.visitors >= s.min_count THEN w.dwell_p90_ms END     AS dwell_p90_ms,
       CASE WHEN w.visitors >= s.min_count THEN w.dwell_max_ms END     AS dwell_max_ms,
       CASE WHEN w.visitors >= s.min_count THEN w.attention_p50_ms END AS attention_p50_ms,
       CASE WHEN w.visitors >= s.min_count THEN w.attention_p90_ms END AS attention_p90_ms,
       CASE WHEN w.visitors >= s.min_count THEN w.attention_max_ms END AS attention_max_ms
FROM audience_window w CROSS JOIN suppression_setting s;

-- Cells per window, re-suppressed: a count below the current k (say, stored by an app that ran with
-- a smaller k) shows as suppressed, with no count.
CREATE VIEW audience_cell_public AS
SELECT c.site, c.camera, c.window_start, w.window_end, c.model_set, c.dimension, c.value,
       CASE WHEN c.count >= s.min_count THEN c.count END AS count,
       NOT COALESCE(c.count >= s.min_count, false)      AS suppressed
FROM audience_cell c
JOIN audience_window w USING (site, camera, window_start, model_set)
CROSS JOIN suppression_setting s;

-- Roll-ups of totals: plain sums over the windows that start in the bucket.
CREATE VIEW audience_hourly AS
SELECT site, camera, model_set,
       date_trunc('hour', window_start, 'UTC')                      AS bucket_start,
       date_trunc('hour', window_start, 'UTC') + interval '1 hour'  AS bucket_end,
       count(*)                                                     AS windows,
       sum(frames)::bigint                                          AS frames,
       sum(face_observations)::bigint                               AS face_observations,
       sum(visitors)::bigint                                        AS visitors
FROM audience_window
GROUP BY site, camera, model_set, date_trunc('hour', window_start, 'UTC');

CREATE VIEW audience_daily AS
SELECT site, camera, model_set,
       date_trunc('day', window_start, 'UTC')                       AS bucket_start,
       date_trunc('day', window_start, 'UTC') + interval '1 day'    AS bucket_end,
       count(*)                                                     AS windows,
       sum(frames)::bigint                                          AS frames,
       sum(face_observations)::bigint                               AS face_observations,
       sum(visitors)::bigint                                        AS visitors
FROM audience_window
GROUP BY site, camera, model_set, date_trunc('day', window_start, 'UTC');

-- Roll-ups of cells. A window's suppressed cell has no count to add, so the sum covers only the
-- shown window cells (at least k each): a lower bound whenever suppressed_windows > 0. The sum is
-- itself shown only if it reaches k, so a bucket whose every window was suppressed (sum 0) stays
-- suppressed, and a count below k never appears here either.
CREATE VIEW audience_cell_hourly AS
SELECT site, camera, model_set, bucket_start, bucket_start + interval '1 hour' AS bucket_end,
       dimension, value,
       CASE WHEN shown_sum >= min_count THEN shown_sum END AS count,
       shown_sum < min_count                              AS suppressed,
       windows,
       suppressed_windows
FROM (
  SELECT c.site, c.camera, c.model_set, date_trunc('hour', c.window_start, 'UTC') AS bucket_start,
         c.dimension, c.value, s.min_count,
         COALESCE(sum(c.count) FILTER (WHERE c.count >= s.min_count), 0)::bigint AS shown_sum,
         count(*)                                                               AS windows,
         count(*) FILTER (WHERE NOT COALESCE(c.count >= s.min_count, false))    AS suppressed_windows
  FROM audience_cell c CROSS JOIN suppression_setting s
  GROUP BY c.site, c.camera, c.model_set, date_trunc('hour', c.window_start, 'UTC'),
           c.dimension, c.value, s.min_count
) bucket;

CREATE VIEW audience_cell_daily AS
SELECT site, camera, model_set, bucket_start, bucket_start + interval '1 day' AS bucket_end,
       dimension, value,
       CASE WHEN shown_sum >= min_count THEN shown_sum END AS count,
       shown_sum < min_count                              AS suppressed,
       windows,
       suppressed_windows
FROM (
  SELECT c.site, c.camera, c.model_set, date_trunc('day', c.window_start, 'UTC') AS bucket_start,
         c.dimension, c.value, s.min_count,
         COALESCE(sum(c.count) FILTER (WHERE c.count >= s.min_count), 0)::bigint AS shown_sum,
         count(*)                                                               AS windows,
         count(*) FILTER (WHERE NOT COALESCE(c.count >= s.min_count, false))    AS suppressed_windows
  FROM audience_cell c CROSS JOIN suppression_setting s
  GROUP BY c.site, c.camera, c.model_set, date_trunc('day', c.window_start, 'UTC'),
           c.dimension, c.value, s.min_count
) bucket;
