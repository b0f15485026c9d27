package io.headcount.app.demo;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.headcount.aggregation.api.Totals;
import io.headcount.aggregation.api.WindowView;
import io.headcount.schemas.AudienceStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * What the demo page shows, fed by the consumers of the pipeline's topics and read by the web
 * server's JSON endpoint. Thread-safe (one lock: a few updates per frame and one read per second).
 */
public final class DashboardState {

    /** Closed windows kept for the charts (per all cameras); older ones are dropped. */
    static final int MAX_WINDOWS = 2000;

    /** Rates are averaged over this much recent time. */
    private static final Duration RATE_SPAN = Duration.ofSeconds(10);

    private final Clock clock;
    private final LongSupplier framesSent;
    private final String source;
    private final long windowMillis;
    private final Instant startedAt;
    private final Deque<WindowView> windows = new ArrayDeque<>();
    private final TreeSet<String> cameras = new TreeSet<>();
    private final Map<String, Long> deadLetters = new TreeMap<>();
    private final Deque<Sample> samples = new ArrayDeque<>();
    private long framesProcessed;
    private long faces;
    private Instant latestFrameTime;
    private String status = "starting";
    private Totals totals;
    private final List<SharePoint> shares = new ArrayList<>();

    /**
     * @param framesSent frames the cameras have published so far (the gateway counter)
     * @param source what the cameras show, in words
     */
    public DashboardState(Clock clock, LongSupplier framesSent, String source, Duration window) {
        this.clock = clock;
        this.framesSent = framesSent;
        this.source = source;
        this.windowMillis = window.toMillis();
        this.startedAt = clock.instant();
    }

    public synchronized void camera(String camera) {
        cameras.add(camera);
    }

    public synchronized void status(String newStatus) {
        status = newStatus;
    }

    public synchronized void window(AudienceStats stats) {
        WindowView view = WindowView.of(stats);
        cameras.add(view.site() + "/" + view.camera());
        windows.addLast(view);
        while (windows.size() > MAX_WINDOWS) {
            windows.removeFirst();
        }
    }

    /**
     * The site's published totals since the start (already released by the aggregation app: no raw
     * count), and a point of the female and masked shares they give.
     */
    public synchronized void totals(Totals sinceStart) {
        totals = sinceStart;
        SharePoint point =
                new SharePoint(
                        clock.millis(),
                        share(sinceStart.bySex(), "female", "male"),
                        share(sinceStart.byMask(), "masked", "unmasked"));
        if (shares.isEmpty() || !shares.get(shares.size() - 1).sameShares(point)) {
            shares.add(point);
        }
        while (shares.size() > MAX_WINDOWS) {
            shares.remove(0);
        }
    }

    /** {@code part} in percent of {@code part} and {@code other}, from released counts only. */
    static Double share(Map<String, Totals.TotalCell> cells, String part, String other) {
        Long of = count(cells.get(part));
        Long rest = count(cells.get(other));
        if (of == null && rest == null) {
            return null;
        }
        long a = of == null ? 0 : of;
        long b = rest == null ? 0 : rest;
        // A share needs both sides released: 100 % from "the other side is held back" would
        // mislead.
        if ((of == null && cells.containsKey(part)) || (rest == null && cells.containsKey(other))) {
            return null;
        }
        return a + b == 0 ? null : Math.round(1000.0 * a / (a + b)) / 10.0;
    }

    private static Long count(Totals.TotalCell cell) {
        return cell == null || cell.suppressed() ? null : cell.count();
    }

    public synchronized void frameProcessed(String camera, int facesInFrame, Instant frameTime) {
        cameras.add(camera);
        framesProcessed++;
        faces += facesInFrame;
        if (latestFrameTime == null || frameTime.isAfter(latestFrameTime)) {
            latestFrameTime = frameTime;
        }
    }

    public synchronized void deadLetter(String topic) {
        deadLetters.merge(topic, 1L, Long::sum);
    }

    public synchronized int windowCount() {
        return windows.size();
    }

    /** Everything the page needs, as of now. */
    public synchronized Snapshot snapshot() {
        Instant now = clock.instant();
        Sample sample =
                new Sample(now.toEpochMilli(), framesSent.getAsLong(), framesProcessed, faces);
        samples.addLast(sample);
        while (samples.size() > 2 && samples.getFirst().time < sample.time - RATE_SPAN.toMillis()) {
            samples.removeFirst();
        }
        Sample first = samples.getFirst();
        double seconds = (sample.time - first.time) / 1000.0;
        long deadLetterTotal = deadLetters.values().stream().mapToLong(Long::longValue).sum();
        Health health =
                new Health(
                        sample.sent,
                        framesProcessed,
                        faces,
                        Map.copyOf(deadLetters),
                        deadLetterTotal,
                        rate(sample.sent - first.sent, seconds),
                        rate(framesProcessed - first.processed, seconds),
                        rate(faces - first.faces, seconds),
                        latestFrameTime == null
                                ? null
                                : Math.max(0, now.toEpochMilli() - latestFrameTime.toEpochMilli()));
        return new Snapshot(
                now.toEpochMilli(),
                startedAt.toEpochMilli(),
                status,
                source,
                windowMillis,
                List.copyOf(cameras),
                new ArrayList<>(windows),
                totals,
                List.copyOf(shares),
                health);
    }

    private static double rate(long count, double seconds) {
        return seconds <= 0 ? 0 : Math.round(count / seconds * 10) / 10.0;
    }

    private record Sample(long time, long sent, long processed, long faces) {}

    /** The JSON of {@code GET /api/dashboard}; the windows in the page's form. */
    public record Snapshot(
            long now,
            long startedAt,
            String status,
            String source,
            long windowMillis,
            List<String> cameras,
            @JsonSerialize(contentUsing = PageWindowJson.class) List<WindowView> windows,
            Totals totals,
            List<SharePoint> shares,
            Health health) {}

    /**
     * The female share (of visitors whose sex was determined) and the masked share (of visitors
     * whose mask was determined) of the published totals at {@code time}, in percent; null where
     * not released yet.
     */
    public record SharePoint(long time, Double female, Double masked) {
        boolean sameShares(SharePoint other) {
            return java.util.Objects.equals(female, other.female)
                    && java.util.Objects.equals(masked, other.masked);
        }
    }

    /**
     * Pipeline health: totals, rates over the last seconds, and lag = now minus the capture time of
     * the newest frame the inference job has output (how far behind real time the page is).
     */
    public record Health(
            long framesSent,
            long framesProcessed,
            long faces,
            Map<String, Long> deadLetters,
            long deadLettersTotal,
            double framesSentPerSecond,
            double framesProcessedPerSecond,
            double facesPerSecond,
            Long lagMillis) {}
}
