package io.headcount.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
