package io.headcount.aggregation.counting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CellSuppressionTest {

    private static final int K = 5;

    @Test
    void aSingleSuppressedCellIsJoinedByTheSmallestPublishedOne() {
        // 12 visitors: female 9 alone published would reveal male = 12 - 9 = 3.
        CellSuppression.Breakdown sex = CellSuppression.of(Map.of("female", 9L, "male", 3L), K);

        assertThat(sex.published()).isEmpty();
        assertThat(sex.suppressed()).containsOnlyKeys("female", "male");
        assertThat(sex.hidden()).isFalse();
    }

    @Test
    void theSuppressedCellsGrowUntilTheyHoldKVisitorsTogether() {
        // Ages of 27 visitors: 1 and 2 under k; together 3, so the smallest published (6) joins.
        CellSuppression.Breakdown age =
                CellSuppression.of(
                        Map.of(
                                "0-12",
                                1L,
                                "13-19",
                                2L,
                                "20-29",
                                6L,
                                "30-39",
                                8L,
                                "undetermined",
                                10L),
                        K);

        assertThat(age.suppressed()).containsOnlyKeys("0-12", "13-19", "20-29");
        assertThat(age.published())
                .containsOnly(Map.entry("30-39", 8L), Map.entry("undetermined", 10L));
    }

    @Test
    void twoCellsUnderKThatTogetherReachKNeedNoSecondaryCell() {
        CellSuppression.Breakdown mask =
                CellSuppression.of(Map.of("masked", 2L, "unmasked", 3L, "undetermined", 7L), K);

        assertThat(mask.published()).containsOnly(Map.entry("undetermined", 7L));
        assertThat(mask.suppressed()).containsOnlyKeys("masked", "unmasked");
    }

    @Test
    void aBreakdownWhoseCellsWouldSayTheirCountsListsNone() {
        // 4 visitors, all female: a lone suppressed "female" cell would say 4.
        assertThat(CellSuppression.of(Map.of("female", 4L), K).hidden()).isTrue();
        // 3 visitors in 3 age groups: three suppressed cells of 3 visitors are one each.
        assertThat(CellSuppression.of(Map.of("0-12", 1L, "20-29", 1L, "60+", 1L), K).hidden())
                .isTrue();
        // 3 visitors, 2 and 1: two suppressed cells, either could be 1 or 2.
        CellSuppression.Breakdown small = CellSuppression.of(Map.of("female", 2L, "male", 1L), K);
        assertThat(small.hidden()).isFalse();
        assertThat(small.suppressed()).containsOnlyKeys("female", "male");
        // Nothing under k: nothing suppressed.
        assertThat(CellSuppression.of(Map.of("female", 5L), K).anySuppressed()).isFalse();
    }

    @Test
    void noPublishedBreakdownAndItsVisitorsIsolateACellUnderK() {
        // Many random breakdowns: a reader knows the visitors (their sum), the published counts and
        // which values are listed (each listed cell holds at least one visitor). Every count of a
        // suppressed cell that fits what the reader knows is tried: at least two must fit.
        Random random = new Random(21);
        int checked = 0;
        for (int run = 0; run < 20_000; run++) {
            int k = 2 + random.nextInt(9);
            SortedMap<String, Long> counts = new TreeMap<>();
            int values = 1 + random.nextInt(8);
            for (int v = 0; v < values; v++) {
                long n = random.nextInt(3) == 0 ? random.nextInt(3 * k) : random.nextInt(k);
                if (n > 0) {
                    counts.put("value" + v, n);
                }
            }
            long visitors = counts.values().stream().mapToLong(Long::longValue).sum();
            CellSuppression.Breakdown shown = CellSuppression.of(counts, k);

            assertThat(shown.published())
                    .allSatisfy(
                            (value, n) ->
                                    assertThat(n)
                                            .isEqualTo(counts.get(value))
                                            .isGreaterThanOrEqualTo(k));
            assertThat(shown.published().size() + shown.suppressed().size())
                    .isEqualTo(counts.size());
            if (shown.hidden()) {
                assertThat(shown.published()).as("hidden only when nothing is published").isEmpty();
                assertThat(shown.listedValues()).isEmpty();
                continue;
            }
            long suppressedSum =
                    visitors - shown.published().values().stream().mapToLong(Long::longValue).sum();
            int listed = shown.suppressed().size();
            for (String cell : shown.suppressed().keySet()) {
                int fits = 0;
                for (long n = 1; n <= suppressedSum; n++) {
                    long rest = suppressedSum - n;
                    // The other listed cells need at least one each (and nothing, if none).
                    if (listed == 1 ? rest == 0 : rest >= listed - 1) {
                        fits++;
                    }
                }
                assertThat(fits)
                        .as("counts that fit cell %s of %s, k=%d", cell, counts, k)
                        .isGreaterThanOrEqualTo(2);
                checked++;
            }
            if (!shown.published().isEmpty() && shown.anySuppressed()) {
                assertThat(suppressedSum)
                        .as("suppressed together, beside published cells")
                        .isGreaterThanOrEqualTo(k);
            }
        }
        assertThat(checked).isGreaterThan(10_000);
    }
}
