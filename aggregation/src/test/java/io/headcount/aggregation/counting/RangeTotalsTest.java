package io.headcount.aggregation.counting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RangeTotalsTest {

    private static final int K = 5;
    private static final long DAY = Instant.parse("2026-12-06T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final String FEMALE = "sex/female";

    /** A closed window with these female and male visitors. */
    private static WindowTally window(long female, long male) {
        SortedMap<String, Long> sex = new TreeMap<>();
        if (female > 0) {
            sex.put("female", female);
        }
        if (male > 0) {
            sex.put("male", male);
        }
        SortedMap<String, SortedMap<String, Long>> breakdowns = new TreeMap<>();
        breakdowns.put("sex", sex);
        return new WindowTally(
                0,
                0,
                Collections.emptySortedSet(),
                Collections.emptySortedMap(),
                female + male,
                breakdowns,
                List.of(),
                List.of());
    }

    /** What the window's public record shows for a cell: its count, or null when suppressed. */
    private static Long published(long raw) {
        return raw >= K ? raw : null;
    }

    @Test
    void aTotalMinusThePublishedWindowsNeverRevealsACellUnderK() {
        RangeTotals totals = RangeTotals.startOfDay(DAY);

        totals.count(DAY, window(6, 0), K);
        assertThat(totals.day().released()).containsEntry(FEMALE, 6L);

        // 2 women in the next window: published as suppressed. A raw total of 8 minus the
        // published 6 would reveal the 2, so they are held back.
        totals.count(DAY + MINUTE, window(2, 0), K);
        assertThat(totals.day().released()).containsEntry(FEMALE, 6L);
        assertThat(totals.day().raw()).containsEntry(FEMALE, 8L);

        // 3 more (suppressed too): the held-back 2 + 3 reach k, released together; 11 - 6 is
        // the two suppressed cells together, 5 people, never one of them.
        totals.count(DAY + 2 * MINUTE, window(3, 0), K);
        assertThat(totals.day().released()).containsEntry(FEMALE, 11L);
    }

    @Test
    void noDifferenceOfTwoPublishedTotalsAndThePublishedWindowsIsUnderK() {
        // Many random days: after each window, a reader compares the day's female total with its
        // value before and with the published windows since the last change.
        Random random = new Random(7);
        for (int run = 0; run < 200; run++) {
            RangeTotals totals = RangeTotals.startOfDay(DAY);
            long lastTotal = 0;
            long publishedSinceChange = 0;
            List<Long> derived = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                long female = random.nextInt(4) == 0 ? random.nextInt(9) : random.nextInt(3);
                totals.count(DAY + i * MINUTE, window(female, random.nextInt(7)), K);
                Long shown = published(female);
                publishedSinceChange += shown == null ? 0 : shown;
                long total = totals.day().released().getOrDefault(FEMALE, 0L);
                if (total != lastTotal) {
                    derived.add(total - lastTotal - publishedSinceChange);
                    assertThat(total - lastTotal).as("a released block").isGreaterThanOrEqualTo(K);
                    lastTotal = total;
                    publishedSinceChange = 0;
                }
            }
            assertThat(derived)
                    .as("suppressed visitors a reader can derive: 0 or at least k")
                    .allSatisfy(n -> assertThat(n == 0 || n >= K).as("derived %d", n).isTrue());
            assertThat(lastTotal == 0 || lastTotal >= K).as("total %d", lastTotal).isTrue();
        }
    }

    @Test
    void anHourCountsOnlyTheBlocksWithinItAndTheDayCountsThemAll() {
        RangeTotals totals = RangeTotals.startOfDay(DAY);
        long hour = 3_600_000;

        totals.count(DAY + hour - MINUTE, window(3, 5), K); // 00:59, female suppressed
        totals.count(DAY + hour, window(4, 5), K); // 01:00: the block of 7 closes
        totals.count(DAY + hour + MINUTE, window(6, 0), K);

        assertThat(totals.hour(DAY).released())
                .doesNotContainKey(FEMALE)
                .containsEntry("sex/male", 5L);
        assertThat(totals.hour(DAY + hour).released())
                .as("the block started in the hour before: not this hour's")
                .containsEntry(FEMALE, 6L);
        assertThat(totals.day().released()).containsEntry(FEMALE, 13L);
        assertThat(totals.day().visitors()).isEqualTo(23);
        assertThat(totals.hour(DAY).visitors()).isEqualTo(8);
    }

    @Test
    void theStateReadsBackAsWritten() {
        RangeTotals totals = RangeTotals.startOfDay(DAY);
        totals.count(DAY, window(6, 2), K);
        totals.count(DAY + MINUTE, window(1, 7), K);
        RangeTotalsSerde serde = new RangeTotalsSerde();

        RangeTotals read = serde.deserialize("t", serde.serialize("t", totals));

        assertThat(read.day()).isEqualTo(totals.day());
        assertThat(read.hour(DAY)).isEqualTo(totals.hour(DAY));
        assertThat(read.pending()).isEqualTo(totals.pending());
        assertThat(read.firstWindowStart()).isEqualTo(DAY);
        assertThat(read.pending()).as("male: 2 suppressed, then 7; female: 1").hasSize(2);
        assertThat(Map.copyOf(read.releasedInDay())).isEqualTo(Map.of(FEMALE, 6L));
    }
}
