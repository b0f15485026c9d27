package io.headcount.aggregation.store;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.Cell;
import io.headcount.schemas.Percentiles;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code AudienceStats} records as the aggregation emits them (k = 5), for the store's tests. */
final class AudienceStatsFixtures {

    static final Duration WINDOW = Duration.ofMinutes(1);

    private AudienceStatsFixtures() {}

    static AudienceStats.Builder window(String site, String camera, Instant start, long visitors) {
        return AudienceStats.newBuilder()
                .setSite(site)
                .setCamera(camera)
                .setWindowStart(start)
                .setWindowEnd(start.plus(WINDOW))
                .setFrames(600)
                .setFaceObservations(visitors * 10)
                .setVisitors(visitors)
                .setBySex(Map.of())
                .setByAgeGroup(Map.of())
                .setByMask(Map.of())
                .setByExpression(Map.of())
                .setDwellMillis(null)
                .setAttentionMillis(null)
                .setModelSet("yunet-n+faceapi")
                .setModelVersions(
                        Map.of("detector", "yunet-n-2023mar", "attributes", "faceapi-1.7.15"));
    }

    static Cell shown(long count) {
        return Cell.newBuilder().setCount(count).setSuppressed(false).build();
    }

    static Cell suppressed() {
        return Cell.newBuilder().setCount(null).setSuppressed(true).build();
    }

    /** {@code cells("female", shown(6), "male", suppressed())}. */
    static Map<String, Cell> cells(Object... valuesAndCells) {
        Map<String, Cell> cells = new LinkedHashMap<>();
        for (int i = 0; i < valuesAndCells.length; i += 2) {
            cells.put((String) valuesAndCells[i], (Cell) valuesAndCells[i + 1]);
        }
        return cells;
    }

    static Percentiles percentiles(long p50, long p90, long max) {
        return Percentiles.newBuilder().setP50(p50).setP90(p90).setMax(max).build();
    }

    static String keyOf(AudienceStats stats) {
        return stats.getSite()
                + "/"
                + stats.getCamera()
                + "/"
                + stats.getWindowStart().toEpochMilli();
    }
}
