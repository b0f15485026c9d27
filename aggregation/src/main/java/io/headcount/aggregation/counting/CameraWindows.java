package io.headcount.aggregation.counting;

import io.headcount.aggregation.domain.Fused;
import io.headcount.aggregation.domain.SiteCamera;
import io.headcount.aggregation.metrics.AggregationMetrics;
import io.headcount.core.Windows;
import io.headcount.core.attributes.Attribute;
import io.headcount.schemas.AudienceStats;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Tumbling event-time windows per site/camera, aligned to the epoch as {@link Windows#startOf}
 * aligns them, each closed on <em>its camera's own clock</em>: the latest event time among the
 * camera's tallies, which is the tracker's camera time (every input record of a camera sends a
 * tally at its own event time, and a closed track's visitor tally comes before the tally of the
 * record that closed it). A window closes once that clock reaches its end plus the grace period; it
 * is then emitted once as an {@link AudienceStats} (unless it counted nothing) and removed. A tally
 * for a window already closed on its camera's clock is not counted, and counted in {@value
 * AggregationMetrics#LATE_RECORDS}.
 *
 * <p>Why not Streams' windowed aggregation: it closes windows on the task's stream time, the latest
 * event time of any record of the partition. The repartition topic merges the tallies of several
 * upstream tasks, in whatever order they run, and cameras of one partition lag one another (an end
 * of stream moves one camera a window and a grace ahead), so a camera's windows could close before
 * its own records arrived and what was counted would depend on timing. A camera's tallies all come
 * from the one upstream task that reads that camera's input, in order, so its clock here depends
 * only on its own records: replays and restarts count the same.
 *
 * <p>Stores: open windows keyed {@code site/camera/start} (start in fixed-width hex, so a camera's
 * windows sort by start), and the cameras' clocks keyed {@code site/camera}. Both are plain
 * key-value stores: a window store expires segments on the latest time of <em>any</em> key, which
 * could drop a lagging camera's windows.
 */
public final class CameraWindows implements Processor<String, WindowTally, String, AudienceStats> {

    private final String windowsStoreName;
    private final String clocksStoreName;
    private final long size;
    private final long grace;
    private final AudienceStatsMapping mapping;
    private final String totalsStoreName;
    private final long totalsRetention;

    private ProcessorContext<String, AudienceStats> context;
    private KeyValueStore<String, WindowTally> windows;
    private KeyValueStore<String, Long> clocks;
    private KeyValueStore<String, RangeTotals> totals;
    private MeterRegistry registry;

    /**
     * The working copy of the windows store, by camera ({@code site/camera}), each camera's windows
     * in key order (so by start), and of the clocks store: read once in {@link #init} (after a
     * restart or a restored task, from the restored stores) and kept in step with every put and
     * delete. The stores stay the durable copy; reads come from here, so no tally is decoded per
     * record and no store iterator is opened per closing.
     */
    private final Map<String, NavigableMap<String, WindowTally>> openByCamera = new HashMap<>();

    private final Map<String, Long> cameraTimes = new HashMap<>();

    /**
     * @param windowsStoreName open windows, keyed {@code site/camera/start}
     * @param clocksStoreName each camera's latest event time, keyed {@code site/camera}
     */
    public CameraWindows(
            String windowsStoreName,
            String clocksStoreName,
            Duration size,
            Duration grace,
            AudienceStatsMapping mapping) {
        this(windowsStoreName, clocksStoreName, size, grace, mapping, null, Duration.ZERO);
    }

    /**
     * As above, and each closed window is also counted into its camera's {@link RangeTotals} of its
     * UTC day.
     *
     * @param totalsStoreName the cameras' range totals, keyed {@code site/camera/day start}
     * @param totalsRetention days whose end is older than this (before the newest window) are
     *     removed
     */
    public CameraWindows(
            String windowsStoreName,
            String clocksStoreName,
            Duration size,
            Duration grace,
            AudienceStatsMapping mapping,
            String totalsStoreName,
            Duration totalsRetention) {
        this.windowsStoreName = windowsStoreName;
        this.clocksStoreName = clocksStoreName;
        this.size = size.toMillis();
        this.grace = grace.toMillis();
        this.mapping = mapping;
        this.totalsStoreName = totalsStoreName;
        this.totalsRetention = totalsRetention.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, AudienceStats> context) {
        this.context = context;
        this.windows = context.getStateStore(windowsStoreName);
        this.clocks = context.getStateStore(clocksStoreName);
        this.totals = totalsStoreName == null ? null : context.getStateStore(totalsStoreName);
        this.registry = AggregationMetrics.registryFrom(context.appConfigs());
        openByCamera.clear();
        try (KeyValueIterator<String, WindowTally> all = windows.all()) {
            while (all.hasNext()) {
                KeyValue<String, WindowTally> window = all.next();
                windowsOf(cellOfKey(window.key)).put(window.key, window.value);
            }
        }
        cameraTimes.clear();
        try (KeyValueIterator<String, Long> all = clocks.all()) {
            all.forEachRemaining(clock -> cameraTimes.put(clock.key, clock.value));
        }
    }

    /**
     * @param record a tally keyed {@code site/camera} at its event time
     */
    @Override
    public void process(Record<String, WindowTally> record) {
        String cell = record.key();
        WindowTally tally = record.value();
        long time = record.timestamp();
        long start = Windows.startOf(time, size);
        Long clock = cameraTimes.get(cell);
        if (clock != null && clock >= start + size + grace) {
            countLate(tally);
            return;
        }
        if (!tally.isEmpty()) {
            String key = windowKey(cell, start);
            NavigableMap<String, WindowTally> open = windowsOf(cell);
            WindowTally counted = open.get(key);
            WindowTally sum = counted == null ? tally : counted.plus(tally);
            open.put(key, sum);
            windows.put(key, sum);
        }
        if (clock == null || time > clock) {
            cameraTimes.put(cell, time);
            clocks.put(cell, time);
            if (clock == null || lastClosedStart(clock) < lastClosedStart(time)) {
                emitClosed(cell, lastClosedStart(time));
            }
        }
    }

    /** The start of the latest window closed when the camera's clock reads {@code clock}. */
    private long lastClosedStart(long clock) {
        return Windows.startOf(clock - grace - size, size);
    }

    /** Emits, in order, every open window of the camera that starts at or before {@code upTo}. */
    private void emitClosed(String cell, long upTo) {
        if (upTo < 0) {
            return;
        }
        NavigableMap<String, WindowTally> open = openByCamera.get(cell);
        if (open == null) {
            return;
        }
        Map<String, WindowTally> ready = open.headMap(windowKey(cell, upTo), true);
        List<Map.Entry<String, WindowTally>> closed = new ArrayList<>(ready.entrySet());
        ready.clear();
        if (open.isEmpty()) {
            openByCamera.remove(cell);
        }
        SiteCamera camera = SiteCamera.parse(cell);
        for (Map.Entry<String, WindowTally> window : closed) {
            // A put of null deletes without reading (and decoding) the old value, as delete would.
            windows.put(window.getKey(), null);
            long start = startOfKey(window.getKey());
            AudienceStats stats = mapping.stats(camera, start, start + size, window.getValue());
            if (totals != null) {
                countInTotals(cell, start, window.getValue());
            }
            // Stamped with the window's last instant: its records' time, not the closing one's.
            context.forward(new Record<>(camera.windowKey(start), stats, start + size - 1));
        }
    }

    /**
     * Counts what a late tally held, record by record: a tally may sum several records (a frame's
     * observations and its processed frame, see {@code TrackProcessor}).
     */
    private void countLate(WindowTally tally) {
        if (tally.visitors() > 0) {
            AggregationMetrics.lateRecords(registry, "visitor").increment(tally.visitors());
        }
        if (tally.frames() > 0) {
            AggregationMetrics.lateRecords(registry, "frame").increment(tally.frames());
        }
        if (tally.faceObservations() > 0) {
            AggregationMetrics.lateRecords(registry, "observation")
                    .increment(tally.faceObservations());
        }
    }

    /**
     * Counts a closed window into its day's range totals. A camera's first window of a day carries
     * on the blocks still open in its latest earlier day, and drops days past the retention.
     */
    private void countInTotals(String cell, long start, WindowTally window) {
        long day = RangeTotals.dayOf(start);
        String key = windowKey(cell, day);
        RangeTotals counted = totals.get(key);
        if (counted == null) {
            counted = RangeTotals.startOfDay(day);
            List<KeyValue<String, RangeTotals>> earlier = new ArrayList<>();
            if (day > 0) {
                try (KeyValueIterator<String, RangeTotals> old =
                        totals.range(windowKey(cell, 0), windowKey(cell, day - 1))) {
                    old.forEachRemaining(earlier::add);
                }
            }
            if (!earlier.isEmpty()) {
                KeyValue<String, RangeTotals> latest = earlier.get(earlier.size() - 1);
                counted.carryOpenBlocksFrom(latest.value);
                totals.put(latest.key, latest.value);
            }
            long keepFrom = RangeTotals.dayOf(start - totalsRetention);
            for (KeyValue<String, RangeTotals> old : earlier) {
                if (old.value.dayStart() < keepFrom) {
                    totals.delete(old.key);
                }
            }
        }
        counted.count(start, window, mapping.minCellCount());
        totals.put(key, counted);
        SiteCamera camera = SiteCamera.parse(cell);
        AggregationMetrics.releasedToday(
                registry, camera.site(), camera.camera(), releasedToday(counted, window));
    }

    /**
     * The day's released counts, and 0 for every other value of the sex and mask breakdowns the
     * camera counts: a "today" panel reads 0 rather than no data while blocks are held back. The
     * values are the fixed list {@link Fused#valuesOf}, so a 0 says nothing about who came.
     */
    private static Map<String, Long> releasedToday(RangeTotals counted, WindowTally window) {
        Map<String, Long> today = new TreeMap<>();
        for (String attribute : window.breakdowns().keySet()) {
            for (String value :
                    Attribute.fromSetting(attribute).map(Fused::valuesOf).orElse(List.of())) {
                today.put(RangeTotals.cellKey(attribute, value), 0L);
            }
        }
        today.putAll(counted.day().released());
        return today;
    }

    /** {@code site/camera/start}, the start in fixed-width hex (starts are never negative). */
    static String windowKey(String cell, long start) {
        return cell + "/" + SiteCamera.fixedWidthHex(start);
    }

    private NavigableMap<String, WindowTally> windowsOf(String cell) {
        return openByCamera.computeIfAbsent(cell, camera -> new TreeMap<>());
    }

    private static String cellOfKey(String windowKey) {
        return windowKey.substring(0, windowKey.lastIndexOf('/'));
    }

    private static long startOfKey(String windowKey) {
        return Long.parseUnsignedLong(windowKey.substring(windowKey.lastIndexOf('/') + 1), 16);
    }
}
