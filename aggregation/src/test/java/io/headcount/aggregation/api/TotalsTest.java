package io.headcount.aggregation.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.aggregation.api.Totals.Range;
import io.headcount.aggregation.api.Totals.TotalCell;
import io.headcount.aggregation.counting.RangeTotals;
import io.headcount.aggregation.counting.WindowTally;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TotalsTest {

    private static final int K = 5;
    private static final long DAY = Instant.parse("2026-12-06T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000;

    private static WindowTally window(long female, long masked) {
        SortedMap<String, SortedMap<String, Long>> breakdowns = new TreeMap<>();
        breakdowns.put("sex", new TreeMap<>(java.util.Map.of("female", female)));
        breakdowns.put("mask", new TreeMap<>(java.util.Map.of("masked", masked)));
        return new WindowTally(
                0,
                0,
                Collections.emptySortedSet(),
                Collections.emptySortedMap(),
                female,
                breakdowns,
                List.of(),
                List.of());
    }

    @Test
    void aCamerasTotalsShowReleasedCountsSuppressWhatIsHeldBackAndNeverARawCount() {
        RangeTotals day = RangeTotals.startOfDay(DAY);
        day.count(DAY + HOUR, window(6, 2), K);
        day.count(DAY + HOUR + 60_000, window(3, 1), K);

        Totals totals =
                Totals.ofCamera("berlin", "entrance", Range.SINCE_START, 0, List.of(day), K);

        assertThat(totals.range()).isEqualTo("since-start");
        assertThat(totals.from()).isEqualTo("2026-12-06T01:00:00Z");
        assertThat(totals.visitors()).isEqualTo(9);
        assertThat(totals.bySex().get("female"))
                .as("6 released; the 3 of a suppressed cell held back")
                .isEqualTo(new TotalCell(6L, false, false));
        assertThat(totals.byMask().get("masked"))
                .as("2 + 1, both suppressed: under k, nothing released")
                .isEqualTo(new TotalCell(null, true, false));

        Totals otherHour =
                Totals.ofCamera("berlin", "entrance", Range.HOUR, DAY + 5 * HOUR, List.of(day), K);
        assertThat(otherHour.visitors()).isZero();
        assertThat(otherHour.from()).isEqualTo("2026-12-06T05:00:00Z");
        assertThat(otherHour.to()).isEqualTo("2026-12-06T06:00:00Z");
    }

    @Test
    void aSiteSumsItsCamerasReleasedCounts() {
        Totals entrance =
                new Totals(
                        "berlin",
                        "entrance",
                        "day",
                        "a",
                        "b",
                        12,
                        java.util.Map.of("female", new TotalCell(7L, false, true)),
                        java.util.Map.of(),
                        java.util.Map.of("masked", new TotalCell(null, true, false)),
                        java.util.Map.of(),
                        List.of(),
                        K);
        Totals checkout =
                new Totals(
                        "berlin",
                        "checkout",
                        "day",
                        "a",
                        "b",
                        8,
                        java.util.Map.of("female", new TotalCell(5L, false, false)),
                        java.util.Map.of(),
                        java.util.Map.of("masked", new TotalCell(null, true, false)),
                        java.util.Map.of(),
                        List.of(),
                        K);

        Totals site = Totals.sum("berlin", null, Range.DAY, List.of(checkout, entrance), K);

        assertThat(site.visitors()).isEqualTo(20);
        assertThat(site.bySex().get("female")).isEqualTo(new TotalCell(12L, false, false));
        assertThat(site.byMask().get("masked")).isEqualTo(new TotalCell(null, true, false));
        assertThat(site.cameras())
                .extracting(Totals::camera)
                .containsExactly("checkout", "entrance");
    }

    @Test
    void onlyFixedRangesAreAccepted() {
        assertThat(Range.parse(null)).isEqualTo(Range.SINCE_START);
        assertThat(Range.parse("hour")).isEqualTo(Range.HOUR);
        assertThatThrownBy(() -> Range.parse("week"))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("since-start, day or hour");
    }
}
