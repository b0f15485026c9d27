package io.headcount.aggregation.counting;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.aggregation.Frames;
import io.headcount.aggregation.Observations;
import io.headcount.aggregation.ProcessorContexts;
import io.headcount.aggregation.metrics.AggregationMetrics;
import io.headcount.schemas.AudienceStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-camera windows alone, in a {@link MockProcessorContext} with in-memory stores and the
 * real serdes: one-minute windows with a 5 s grace period, each emitted once when its camera's own
 * clock reaches its end plus the grace.
 */
class CameraWindowsTest {

    /** On a minute boundary: windows run [T0, T0 + 60 s), [T0 + 60 s, T0 + 120 s)... */
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private static final String SITE = "berlin";
    private static final String ENTRANCE = "berlin/entrance";
    private static final String CHECKOUT = "berlin/checkout";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private MockProcessorContext<String, AudienceStats> context;
    private KeyValueStore<String, WindowTally> windows;
    private KeyValueStore<String, Long> clocks;
    private CameraWindows processor;

    @BeforeEach
    void open() {
        context = ProcessorContexts.create(registry);
        windows =
                ProcessorContexts.addStore(
                        context, "open-windows", Serdes.String(), new WindowTallySerde());
        clocks =
                ProcessorContexts.addStore(
                        context, "window-clocks", Serdes.String(), Serdes.Long());
        processor =
                new CameraWindows(
                        "open-windows",
                        "window-clocks",
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(5),
                        new AudienceStatsMapping(5));
        processor.init(context);
    }

    @Test
    void aWindowIsEmittedOnceWhenItsCamerasClockReachesItsEndPlusTheGrace() {
        frame(ENTRANCE, 0);
        face(ENTRANCE, 30_000);
        frame(ENTRANCE, 30_000);
        frame(ENTRANCE, 59_999);
        frame(ENTRANCE, 64_999);
        assertThat(emitted()).as("60 s + 5 s grace not reached").isEmpty();

        frame(ENTRANCE, 65_000);
        List<Record<String, AudienceStats>> emitted = emitted();
        assertThat(emitted).hasSize(1);
        Record<String, AudienceStats> first = emitted.get(0);
        assertThat(first.key()).isEqualTo(ENTRANCE + "/" + T0.toEpochMilli());
        assertThat(first.timestamp()).as("the window's last millisecond").isEqualTo(millis(59_999));
        assertThat(first.value().getSite()).isEqualTo(SITE);
        assertThat(first.value().getCamera()).isEqualTo("entrance");
        assertThat(first.value().getWindowStart()).isEqualTo(T0);
        assertThat(first.value().getWindowEnd()).isEqualTo(T0.plusSeconds(60));
        assertThat(first.value().getFrames()).isEqualTo(3);
        assertThat(first.value().getFaceObservations()).isEqualTo(1);
        assertThat(openWindows()).as("removed once emitted: [60 s, 120 s) is left").hasSize(1);

        frame(ENTRANCE, 100_000);
        frame(ENTRANCE, 124_999);
        assertThat(emitted()).hasSize(1);
        frame(ENTRANCE, 125_000);
        frame(ENTRANCE, 184_999);
        emitted = emitted();
        assertThat(emitted).as("each window once, [120 s, 180 s) still open").hasSize(2);
        assertThat(emitted.get(1).key()).isEqualTo(ENTRANCE + "/" + millis(60_000));
        assertThat(emitted.get(1).value().getFrames()).as("64.999, 65 and 100 s").isEqualTo(3);
    }

    @Test
    void aRecordForAWindowClosedOnItsCamerasClockIsNotCountedButCountedAsLate() {
        frame(ENTRANCE, 10_000);
        frame(ENTRANCE, 65_000);
        assertThat(emitted()).hasSize(1);

        frame(ENTRANCE, 59_000);
        face(ENTRANCE, 20_000);
        frame(ENTRANCE, 62_000); // behind the clock, but its window is open
        assertThat(clocks.get(ENTRANCE)).as("late records move no clock").isEqualTo(millis(65_000));
        assertThat(late("frame")).isEqualTo(1);
        assertThat(late("observation")).isEqualTo(1);
        assertThat(openWindows()).as("no closed window reopened: [60 s, 120 s) is left").hasSize(1);

        frame(ENTRANCE, 125_000);
        List<Record<String, AudienceStats>> emitted = emitted();
        assertThat(emitted).hasSize(2);
        assertThat(emitted.get(0).value().getFrames()).isEqualTo(1);
        assertThat(emitted.get(1).value().getFrames()).as("65 and 62 s").isEqualTo(2);
    }

    @Test
    void aLateTallyOfAWholeFrameCountsEachOfItsRecordsAsLate() {
        frame(ENTRANCE, 10_000);
        frame(ENTRANCE, 65_000);
        String camera = ENTRANCE.substring(ENTRANCE.indexOf('/') + 1);
        WindowTally whole =
                WindowTally.of(Observations.of(SITE, camera, T0.plusMillis(20_000)))
                        .plus(WindowTally.of(Observations.of(SITE, camera, T0.plusMillis(20_000))))
                        .plus(WindowTally.of(Frames.of(SITE, camera, T0.plusMillis(20_000), 2)));
        processor.process(new Record<>(ENTRANCE, whole, millis(20_000)));
        assertThat(late("observation")).isEqualTo(2);
        assertThat(late("frame")).isEqualTo(1);
        assertThat(openWindows()).as("only [60 s, 120 s)").hasSize(1);
    }

    @Test
    void eachCameraClosesItsWindowsOnItsOwnClock() {
        frame(ENTRANCE, 10_000);
        frame(CHECKOUT, 10_000);
        frame(CHECKOUT, 600_000);
        assertThat(emitted())
                .extracting(Record::key)
                .containsExactly(CHECKOUT + "/" + T0.toEpochMilli());
        assertThat(openWindows())
                .as("the checkout's [600 s, 660 s), the entrance's [0, 60 s)")
                .hasSize(2);

        // The entrance, ten minutes behind, still counts into its first window.
        frame(ENTRANCE, 50_000);
        frame(ENTRANCE, 65_000);
        List<Record<String, AudienceStats>> emitted = emitted();
        assertThat(emitted).hasSize(2);
        assertThat(emitted.get(1).key()).isEqualTo(ENTRANCE + "/" + T0.toEpochMilli());
        assertThat(emitted.get(1).value().getFrames()).isEqualTo(2);
        assertThat(late("frame")).isZero();
    }

    @Test
    void anEmptyTallyMovesTheClockClosingEveryEarlierWindowInOrderAndIsNeverEmitted() {
        frame(ENTRANCE, 10_000);
        face(ENTRANCE, 50_000);
        frame(ENTRANCE, 64_000);
        // An end of stream at 130 s, stamped 130 s + window + grace = 195 s: it tallies nothing.
        processor.process(
                new Record<>(
                        ENTRANCE,
                        WindowTally.of(Frames.endOfStream(SITE, "entrance", T0.plusSeconds(130))),
                        millis(195_000)));

        List<Record<String, AudienceStats>> emitted = emitted();
        assertThat(emitted)
                .extracting(Record::key)
                .as("[120 s, 180 s) counted nothing: no record")
                .containsExactly(
                        ENTRANCE + "/" + T0.toEpochMilli(), ENTRANCE + "/" + millis(60_000));
        assertThat(emitted.get(0).value().getFrames()).isEqualTo(1);
        assertThat(emitted.get(0).value().getFaceObservations()).isEqualTo(1);
        assertThat(emitted.get(1).value().getFrames()).isEqualTo(1);
        assertThat(emitted.get(1).value().getFaceObservations()).isZero();
        assertThat(openWindows()).as("the end of stream's own window holds nothing").isEmpty();
        assertThat(clocks.get(ENTRANCE)).isEqualTo(millis(195_000));
    }

    @Test
    void closedWindowsAreCountedIntoTheirDaysRangeTotalsAndDaysPastTheRetentionGo() {
        KeyValueStore<String, RangeTotals> totals = countIntoRangeTotals();
        long day = RangeTotals.dayOf(T0.toEpochMilli());
        long twoDays = Duration.ofDays(2).toMillis();

        visitors(ENTRANCE, 30_000, 6);
        frame(ENTRANCE, 65_000);
        visitors(ENTRANCE, 90_000, 2);
        frame(ENTRANCE, 125_000);

        RangeTotals counted = totals.get(CameraWindows.windowKey(ENTRANCE, day));
        assertThat(counted.day().visitors()).isEqualTo(8);
        assertThat(counted.day().released()).containsEntry("sex/female", 6L);
        assertThat(releasedToday("female")).as("the 2 of the second window held back").isEqualTo(6);

        visitors(ENTRANCE, twoDays + 10_000, 3, 5);
        frame(ENTRANCE, twoDays + 65_000);
        assertThat(totals.get(CameraWindows.windowKey(ENTRANCE, day)))
                .as("two days old, retention one day")
                .isNull();
        RangeTotals later = totals.get(CameraWindows.windowKey(ENTRANCE, day + twoDays));
        assertThat(later.day().released())
                .as("the block held open since the first day goes on and closes here")
                .isEmpty();
        assertThat(later.sinceStartPart().released())
                .as("counted since the start: the 2 women held back, these 3, and 5 men")
                .isEqualTo(java.util.Map.of("sex/female", 5L, "sex/male", 5L));
        assertThat(releasedToday("female")).as("a new day").isZero();
    }

    @Test
    void todaysGaugesReadZeroForEverySexValueWhileTheFirstVisitorsAreHeldBack() {
        countIntoRangeTotals();

        visitors(ENTRANCE, 30_000, 2, 1);
        frame(ENTRANCE, 65_000);

        assertThat(releasedToday("female")).as("2 women, under k").isZero();
        assertThat(releasedToday("male")).isZero();
        assertThat(releasedToday("undetermined")).isZero();
        assertThat(
                        registry.find(AggregationMetrics.RELEASED_TODAY)
                                .tag("attribute", "mask")
                                .gauge())
                .as("mask is not counted at this camera: no mask gauge")
                .isNull();
    }

    /** A processor that also counts closed windows into range totals (k = 5, a day kept). */
    private KeyValueStore<String, RangeTotals> countIntoRangeTotals() {
        KeyValueStore<String, RangeTotals> totals =
                ProcessorContexts.addStore(
                        context, "range-totals", Serdes.String(), new RangeTotalsSerde());
        processor =
                new CameraWindows(
                        "open-windows",
                        "window-clocks",
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(5),
                        new AudienceStatsMapping(5),
                        "range-totals",
                        Duration.ofDays(1));
        processor.init(context);
        return totals;
    }

    private double releasedToday(String value) {
        return registry.find(AggregationMetrics.RELEASED_TODAY)
                .tag("camera", "entrance")
                .tag("value", value)
                .gauge()
                .value();
    }

    /** {@code count} women whose tracks closed at {@code at}. */
    private void visitors(String cell, long at, long count) {
        visitors(cell, at, count, 0);
    }

    /** Women and men whose tracks closed at {@code at}. */
    private void visitors(String cell, long at, long women, long men) {
        long count = women + men;
        java.util.SortedMap<String, java.util.SortedMap<String, Long>> breakdowns =
                new java.util.TreeMap<>();
        java.util.SortedMap<String, Long> sex = new java.util.TreeMap<>();
        sex.put("female", women);
        if (men > 0) {
            sex.put("male", men);
        }
        breakdowns.put("sex", sex);
        processor.process(
                new Record<>(
                        cell,
                        new WindowTally(
                                0,
                                0,
                                java.util.Collections.emptySortedSet(),
                                java.util.Collections.emptySortedMap(),
                                count,
                                breakdowns,
                                java.util.Collections.nCopies((int) count, 1000L),
                                java.util.Collections.nCopies((int) count, 500L)),
                        millis(at)));
    }

    private void frame(String cell, long at) {
        String camera = cell.substring(cell.indexOf('/') + 1);
        processor.process(
                new Record<>(
                        cell,
                        WindowTally.of(Frames.of(SITE, camera, T0.plusMillis(at), 0)),
                        millis(at)));
    }

    private void face(String cell, long at) {
        String camera = cell.substring(cell.indexOf('/') + 1);
        processor.process(
                new Record<>(
                        cell,
                        WindowTally.of(Observations.of(SITE, camera, T0.plusMillis(at))),
                        millis(at)));
    }

    private List<Record<String, AudienceStats>> emitted() {
        return context.forwarded().stream()
                .map(captured -> captured.record())
                .map(r -> new Record<String, AudienceStats>(r.key(), r.value(), r.timestamp()))
                .toList();
    }

    private List<String> openWindows() {
        try (KeyValueIterator<String, WindowTally> all = windows.all()) {
            List<String> keys = new java.util.ArrayList<>();
            all.forEachRemaining(entry -> keys.add(entry.key));
            return keys;
        }
    }

    private double late(String kind) {
        Counter counter =
                registry.find(AggregationMetrics.LATE_RECORDS).tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    private static long millis(long sinceT0) {
        return T0.toEpochMilli() + sinceT0;
    }
}
