package io.headcount.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headcount.aggregation.api.Totals;
import io.headcount.aggregation.api.Totals.TotalCell;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.Cell;
import io.headcount.schemas.Percentiles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DashboardStateTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final AtomicLong sent = new AtomicLong();
    private final DashboardState state =
            new DashboardState(clock, sent::get, "test cameras", Duration.ofSeconds(5));

    @Test
    void theTotalsAreATopLevelKeyAndTheirSharesASeriesOfReleasedCountsOnly() throws Exception {
        state.totals(totals(new TotalCell(12L, false, true), new TotalCell(null, true, false)));
        clock.advance(Duration.ofSeconds(15));
        state.totals(totals(new TotalCell(12L, false, false), new TotalCell(8L, false, true)));
        clock.advance(Duration.ofSeconds(15));
        state.totals(totals(new TotalCell(12L, false, false), new TotalCell(8L, false, true)));

        JsonNode json = new ObjectMapper().valueToTree(state.snapshot());

        assertThat(json.get("totals").get("range").asText()).isEqualTo("since-start");
        assertThat(json.get("totals").get("bySex").get("female").get("count").asLong())
                .isEqualTo(12);
        JsonNode shares = json.get("shares");
        assertThat(shares).as("a point per change").hasSize(2);
        assertThat(shares.get(0).get("female").isNull())
                .as("male held back: no share from one side")
                .isTrue();
        assertThat(shares.get(1).get("female").asDouble()).isEqualTo(60.0);
    }

    private static Totals totals(TotalCell female, TotalCell male) {
        return new Totals(
                "demo",
                null,
                "since-start",
                T0.toString(),
                null,
                25,
                Map.of("female", female, "male", male),
                Map.of(),
                Map.of(),
                Map.of(),
                java.util.List.of(),
                5);
    }

    @Test
    void aSuppressedCellReachesThePageWithoutACount() throws Exception {
        state.window(
                stats(
                        Map.of(
                                "female", new Cell(7L, false),
                                "male", new Cell(null, true),
                                "undetermined", new Cell(5L, false))));

        JsonNode json = new ObjectMapper().valueToTree(state.snapshot());

        JsonNode window = json.get("windows").get(0);
        assertThat(window.get("sex").get("female").get("count").asLong()).isEqualTo(7);
        assertThat(window.get("sex").get("undetermined").get("count").asLong()).isEqualTo(5);
        assertThat(window.get("sex").get("male").get("suppressed").asBoolean()).isTrue();
        assertThat(window.get("sex").get("male").get("count").isNull()).isTrue();
        assertThat(window.get("dwellMillis").get("p90").asLong()).isEqualTo(4000);
        assertThat(window.get("start").asLong()).isEqualTo(T0.toEpochMilli());
        assertThat(window.get("end").asLong()).isEqualTo(T0.plusSeconds(5).toEpochMilli());
        assertThat(window.get("faces").asLong()).isEqualTo(120);
        assertThat(window.fieldNames())
                .toIterable()
                .containsExactly(
                        "site",
                        "camera",
                        "start",
                        "end",
                        "frames",
                        "faces",
                        "visitors",
                        "sex",
                        "ageGroup",
                        "mask",
                        "expression",
                        "dwellMillis",
                        "attentionMillis");
        assertThat(json.get("cameras"))
                .extracting(JsonNode::asText)
                .containsExactly("store-1/cam-a");
    }

    @Test
    void ratesAreCountsOverTheTimeBetweenSnapshots() {
        state.snapshot();
        clock.advance(Duration.ofSeconds(2));
        sent.set(20);
        for (int i = 0; i < 16; i++) {
            state.frameProcessed("store-1/cam-a", 3, T0.plusMillis(500));
        }
        state.deadLetter("frames.dlq");

        DashboardState.Health health = state.snapshot().health();

        assertThat(health.framesSentPerSecond()).isEqualTo(10.0);
        assertThat(health.framesProcessedPerSecond()).isEqualTo(8.0);
        assertThat(health.facesPerSecond()).isEqualTo(24.0);
        assertThat(health.faces()).isEqualTo(48);
        assertThat(health.lagMillis()).isEqualTo(1500);
        assertThat(health.deadLetters()).containsExactly(Map.entry("frames.dlq", 1L));
        assertThat(health.deadLettersTotal()).isEqualTo(1);
    }

    @Test
    void keepsTheNewestWindowsOnly() {
        for (int i = 0; i < DashboardState.MAX_WINDOWS + 3; i++) {
            state.window(stats(Map.of()));
        }
        assertThat(state.windowCount()).isEqualTo(DashboardState.MAX_WINDOWS);
    }

    private static AudienceStats stats(Map<String, Cell> bySex) {
        return AudienceStats.newBuilder()
                .setSite("store-1")
                .setCamera("cam-a")
                .setWindowStart(T0)
                .setWindowEnd(T0.plusSeconds(5))
                .setFrames(50)
                .setFaceObservations(120)
                .setVisitors(12)
                .setBySex(bySex)
                .setDwellMillis(new Percentiles(2000L, 4000L, 4500L))
                .setModelSet("default")
                .setModelVersions(Map.of())
                .build();
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
