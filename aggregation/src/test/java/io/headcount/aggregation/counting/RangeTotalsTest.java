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
    private static final String MALE = "sex/male";

    /** Longer blocks are released too, but trying every table of them would take too long. */
    private static final int MAX_ROWS_SEARCHED = 10;

    /** A closed window with these female, male and undetermined visitors. */
    private static WindowTally window(long female, long male, long undetermined) {
        SortedMap<String, Long> sex = new TreeMap<>();
        if (female > 0) {
            sex.put("female", female);
        }
        if (male > 0) {
            sex.put("male", male);
        }
        if (undetermined > 0) {
            sex.put("undetermined", undetermined);
        }
        SortedMap<String, SortedMap<String, Long>> breakdowns = new TreeMap<>();
        breakdowns.put("sex", sex);
        return new WindowTally(
                0,
                0,
                Collections.emptySortedSet(),
                Collections.emptySortedMap(),
                female + male + undetermined,
                breakdowns,
                List.of(),
                List.of());
    }

    private static WindowTally window(long female, long male) {
        return window(female, male, 0);
    }

    @Test
    void aBlockOfOneWindowIsNeverReleasedWhenItSuppressedACell() {
        RangeTotals totals = RangeTotals.startOfDay(DAY);

        totals.count(DAY, window(6, 0), K);
        assertThat(totals.day().released()).containsEntry(FEMALE, 6L);

        // 6 women, 2 men: the window suppresses both (6 only to protect the 2). A total of the
        // 6 alone would say the 2 (8 visitors - 6): held back.
        totals.count(DAY + MINUTE, window(6, 2), K);
        assertThat(totals.day().released()).containsEntry(FEMALE, 6L).doesNotContainKey(MALE);

        // 2 women and 3 men, suppressed too: the table of the two windows' suppressed cells has
        // row sums 8 and 5, column sums 8 and 5; the first window's women could be 4 to 7.
        totals.count(DAY + 2 * MINUTE, window(2, 3), K);
        assertThat(totals.day().released()).containsEntry(FEMALE, 14L).containsEntry(MALE, 5L);
    }

    @Test
    void aBlockWhoseTableFixesACellIsHeldBack() {
        RangeTotals totals = RangeTotals.startOfDay(DAY);

        // Two windows of 4 women and 1 man: the men's column, 2, is under k.
        totals.count(DAY, window(4, 1), K);
        totals.count(DAY + MINUTE, window(4, 1), K);
        assertThat(totals.day().released()).isEmpty();

        // Only women in the block: their column, 7, reaches k, but each window's visitors are
        // its women.
        RangeTotals onlyWomen = RangeTotals.startOfDay(DAY);
        onlyWomen.count(DAY, window(3, 0), K);
        onlyWomen.count(DAY + MINUTE, window(4, 0), K);
        assertThat(onlyWomen.day().released()).isEmpty();
        assertThat(onlyWomen.day().raw()).containsEntry(FEMALE, 7L);
    }

    @Test
    void noPublishedTotalAndThePublishedWindowsIsolateASuppressedWindowCell() {
        // Many random days of small windows. After each window a reader knows what every output
        // shows: each window's visitors, published cells and listed values, and the day's
        // released totals. When the sex totals change, a block has closed: the reader builds the
        // table of its windows' suppressed cells (row sums: visitors minus published; column sums:
        // the released change minus the published cells) and every table that fits is tried:
        // each suppressed cell must take at least two counts.
        Random random = new Random(21);
        int blocks = 0;
        int cells = 0;
        for (int run = 0; run < 300; run++) {
            RangeTotals totals = RangeTotals.startOfDay(DAY);
            Map<String, Long> lastReleased = new TreeMap<>();
            List<CellSuppression.Breakdown> sinceRelease = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                long female = random.nextInt(5);
                long male = random.nextInt(4) == 0 ? random.nextInt(12) : random.nextInt(4);
                long undetermined = random.nextInt(8) == 0 ? random.nextInt(8) : 0;
                WindowTally window = window(female, male, undetermined);
                totals.count(DAY + i * MINUTE, window, K);
                if (window.visitors() > 0) {
                    sinceRelease.add(CellSuppression.of(window.breakdowns().get("sex"), K));
                }
                Map<String, Long> released = totals.day().released();
                if (released.equals(lastReleased)) {
                    continue;
                }
                Map<String, Long> columns = new TreeMap<>();
                released.forEach(
                        (cell, n) -> {
                            long change = n - lastReleased.getOrDefault(cell, 0L);
                            assertThat(change == 0 || change >= K)
                                    .as("a block's count of %s: %d", cell, change)
                                    .isTrue();
                            columns.put(cell.substring("sex/".length()), change);
                        });
                for (CellSuppression.Breakdown shown : sinceRelease) {
                    shown.published().forEach((value, n) -> columns.merge(value, -n, Long::sum));
                }
                columns.values().removeIf(n -> n == 0);
                cells += assertNoCellFollows(sinceRelease, columns);
                blocks++;
                lastReleased.clear();
                lastReleased.putAll(released);
                sinceRelease.clear();
            }
        }
        assertThat(blocks).as("blocks released").isGreaterThan(500);
        assertThat(cells).as("suppressed cells checked").isGreaterThan(2000);
    }

    /**
     * For each suppressed cell, looks for a table of suppressed counts that fits the rows and
     * columns a reader knows and gives that cell another count than it has. Returns the cells
     * checked.
     */
    private static int assertNoCellFollows(
            List<CellSuppression.Breakdown> windows, Map<String, Long> columns) {
        List<String> values = new ArrayList<>(columns.keySet());
        List<List<String>> rowValues = new ArrayList<>();
        List<long[]> actual = new ArrayList<>();
        List<Long> rowSums = new ArrayList<>();
        List<Integer> least = new ArrayList<>();
        for (CellSuppression.Breakdown row : windows) {
            if (!row.anySuppressed()) {
                continue;
            }
            List<String> cells = row.hidden() ? values : List.copyOf(row.suppressed().keySet());
            rowValues.add(cells);
            actual.add(
                    cells.stream().mapToLong(v -> row.suppressed().getOrDefault(v, 0L)).toArray());
            rowSums.add(row.suppressed().values().stream().mapToLong(Long::longValue).sum());
            least.add(row.hidden() ? 0 : 1);
        }
        if (rowValues.size() > MAX_ROWS_SEARCHED) {
            return 0;
        }
        // What the rows from each one on can still put into each column, at most and at least.
        long[][] most = new long[rowValues.size() + 1][values.size()];
        long[][] fewest = new long[rowValues.size() + 1][values.size()];
        for (int r = rowValues.size() - 1; r >= 0; r--) {
            for (int v = 0; v < values.size(); v++) {
                boolean has = rowValues.get(r).contains(values.get(v));
                most[r][v] = most[r + 1][v] + (has ? rowSums.get(r) : 0);
                fewest[r][v] = fewest[r + 1][v] + (has ? least.get(r) : 0);
            }
        }
        int checked = 0;
        for (int r = 0; r < rowValues.size(); r++) {
            for (int c = 0; c < rowValues.get(r).size(); c++) {
                long[] remaining = values.stream().mapToLong(columns::get).toArray();
                Search search =
                        new Search(
                                rowValues,
                                rowSums,
                                least,
                                values,
                                most,
                                fewest,
                                r,
                                c,
                                actual.get(r)[c]);
                assertThat(search.fits(0, 0, rowSums.get(0), remaining))
                        .as(
                                "another count of window %d's %s in %s, columns %s",
                                r, rowValues.get(r).get(c), windows, columns)
                        .isTrue();
                checked++;
            }
        }
        return checked;
    }

    /** A depth-first search for a fitting table whose cell (row, position) is not {@code not}. */
    private record Search(
            List<List<String>> rowValues,
            List<Long> rowSums,
            List<Integer> least,
            List<String> values,
            long[][] most,
            long[][] fewest,
            int row,
            int position,
            long not) {

        boolean fits(int r, int p, long rowLeft, long[] remaining) {
            if (p == 0) {
                for (int v = 0; v < remaining.length; v++) {
                    if (remaining[v] > most[r][v] || remaining[v] < fewest[r][v]) {
                        return false;
                    }
                }
            }
            if (r == rowValues.size()) {
                return true;
            }
            if (p == rowValues.get(r).size()) {
                return rowLeft == 0
                        && fits(
                                r + 1,
                                0,
                                r + 1 < rowSums.size() ? rowSums.get(r + 1) : 0,
                                remaining);
            }
            int column = values.indexOf(rowValues.get(r).get(p));
            if (column < 0) {
                return false;
            }
            boolean last = p == rowValues.get(r).size() - 1;
            long from = last ? Math.max(rowLeft, least.get(r)) : least.get(r);
            for (long n = from; n <= Math.min(rowLeft, remaining[column]); n++) {
                if (r == row && p == position && n == not) {
                    continue;
                }
                remaining[column] -= n;
                boolean found = fits(r, p + 1, rowLeft - n, remaining);
                remaining[column] += n;
                if (found) {
                    return true;
                }
            }
            return false;
        }
    }

    @Test
    void anHourCountsOnlyTheBlocksWithinItAndTheDayCountsThemAll() {
        RangeTotals totals = RangeTotals.startOfDay(DAY);
        long hour = 3_600_000;

        totals.count(DAY + hour - 2 * MINUTE, window(7, 5), K); // 00:58: a block of its own
        totals.count(DAY + hour - MINUTE, window(6, 2), K); // 00:59: both suppressed
        totals.count(DAY + hour, window(2, 3), K); // 01:00: the block of 13 closes
        totals.count(DAY + hour + MINUTE, window(6, 6), K);

        assertThat(totals.hour(DAY).released()).containsEntry(FEMALE, 7L).containsEntry(MALE, 5L);
        assertThat(totals.hour(DAY + hour).released())
                .as("the block started in the hour before: not this hour's")
                .containsEntry(FEMALE, 6L)
                .containsEntry(MALE, 6L);
        assertThat(totals.day().released()).containsEntry(FEMALE, 21L).containsEntry(MALE, 16L);
        assertThat(totals.day().visitors()).isEqualTo(37);
        assertThat(totals.hour(DAY).visitors()).isEqualTo(20);
    }

    @Test
    void aBlockOpenAtMidnightGoesOnIntoTheNextDayAndCountsSinceTheStart() {
        long nextDay = DAY + RangeTotals.DAY.toMillis();
        RangeTotals first = RangeTotals.startOfDay(DAY);
        first.count(nextDay - MINUTE, window(6, 2), K); // 23:59, held back

        RangeTotals second = RangeTotals.startOfDay(nextDay);
        second.carryOpenBlocksFrom(first);
        second.count(nextDay, window(2, 3), K); // 00:00 the next day: the block closes

        assertThat(first.day().released()).as("the first day's own blocks: none").isEmpty();
        assertThat(first.day().raw()).containsEntry(FEMALE, 6L).containsEntry(MALE, 2L);
        assertThat(second.day().released())
                .as("nor the second day's: the block started the day before")
                .isEmpty();
        assertThat(second.hour(nextDay).released()).isEmpty();
        RangeTotals.Released sinceStart = first.sinceStartPart().plus(second.sinceStartPart());
        assertThat(sinceStart.released()).isEqualTo(Map.of(FEMALE, 8L, MALE, 5L));
        assertThat(sinceStart.released()).isEqualTo(sinceStart.raw());
    }

    @Test
    void aBlockThatCanNeverBeReleasedIsGivenUpAndTheNextStartsAfresh() {
        RangeTotals totals = RangeTotals.startOfDay(DAY);
        for (int i = 0; i < RangeTotals.MAX_BLOCK_ROWS; i++) {
            totals.count(DAY + i * MINUTE, window(3, 0), K); // only women: each window's visitors
        }
        assertThat(totals.openBlocks()).as("given up: held back for good").isEmpty();

        totals.count(DAY + RangeTotals.MAX_BLOCK_ROWS * MINUTE, window(7, 5), K);

        assertThat(totals.day().released()).isEqualTo(Map.of(FEMALE, 7L, MALE, 5L));
        assertThat(totals.day().raw()).containsEntry(FEMALE, 307L);
    }

    @Test
    void theStateReadsBackAsWritten() {
        RangeTotals totals = RangeTotals.startOfDay(DAY);
        totals.count(DAY, window(6, 5), K);
        totals.count(DAY + MINUTE, window(1, 7, 3), K);
        totals.count(DAY + 2 * MINUTE, window(2, 0), K);
        RangeTotalsSerde serde = new RangeTotalsSerde();

        RangeTotals read = serde.deserialize("t", serde.serialize("t", totals));

        assertThat(read.day()).isEqualTo(totals.day());
        assertThat(read.hour(DAY)).isEqualTo(totals.hour(DAY));
        assertThat(read.openBlocks()).isEqualTo(totals.openBlocks());
        assertThat(read.firstWindowStart()).isEqualTo(DAY);
        assertThat(read.openBlocks().get("sex").rows())
                .as("the second window's suppressed cells, the third's hidden one")
                .containsExactly(
                        new RangeTotals.Row(
                                false,
                                new TreeMap<>(
                                        Map.of("female", 1L, "male", 7L, "undetermined", 3L))),
                        new RangeTotals.Row(true, new TreeMap<>(Map.of("female", 2L))));
        assertThat(Map.copyOf(read.releasedInDay())).isEqualTo(Map.of(FEMALE, 6L, MALE, 5L));
    }
}
