package io.headcount.aggregation.tracking;

import io.headcount.aggregation.counting.WindowTally;
import io.headcount.aggregation.domain.Fused;
import io.headcount.aggregation.domain.SiteCamera;
import io.headcount.aggregation.metrics.AggregationMetrics;
import io.headcount.core.attributes.Attribute;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.FusedAttribute;
import io.headcount.schemas.TrackSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Follows the tracks of every camera of a task and turns each record into window tallies keyed
 * {@code site/camera}: one per observation and per processed frame, plus, when a confirmed track
 * closes, one for the visitor (at the time of its last impression) and its {@link TrackSummary}.
 *
 * <p>Time is each camera's own event time: the latest frame time of its observations and processed
 * frames (an end of stream's is {@code frameTime + window + grace}), kept in the clocks store. Not
 * the task's stream time: cameras sharing a partition may lag one another by seconds, and a lagging
 * camera would otherwise see its tracks closed under it.
 *
 * <p>Why a processor with key-value stores and no punctuation: every decision is a function of the
 * records in offset order and of the stores, all restored after a restart, so a replay closes the
 * same tracks at the same records (exactly once under EOS v2: store changelogs, outputs and offsets
 * commit in one transaction). A track closes once its camera's time reaches its last impression
 * plus the gap, whether a look over the camera's tracks or the track's own next impression notices
 * it first. A camera's tracks are looked over when its time passes a check interval boundary, on
 * the record that moved it, <em>before</em> that record's own tally is forwarded, so a visitor's
 * tally trails its camera's latest tally by at most gap + check interval (which the grace period
 * must cover). Stream-time punctuation would run after the record that moved stream time, whose
 * tally (an end of stream's, for one) could already have closed the window; and it follows the
 * task's stream time.
 *
 * <p>An impression with no open track that is already older than the camera's time minus the gap is
 * not tracked (its track closed, or would have; counting it again could count a person twice): it
 * counts as a face observation only, and in {@link AggregationMetrics#UNTRACKED_IMPRESSIONS}.
 * Observations without a track id count as faces only. A camera that goes silent without an end of
 * stream keeps its open tracks until its next record.
 */
public final class TrackProcessor implements Processor<String, CameraInput, String, TrackerOutput> {

    private final TrackRules tracks;
    private final FusionRules fusion;
    private final String tracksStoreName;
    private final String clocksStoreName;

    private ProcessorContext<String, TrackerOutput> context;
    private KeyValueStore<String, TrackState> store;
    private KeyValueStore<String, Long> clocks;
    private Counter visitors;
    private Counter unconfirmed;
    private Counter late;
    private DistributionSummary dwell;
    private Map<Attribute, Counter> determined;
    private Map<Attribute, Counter> undetermined;

    /**
     * The working copy of the tracks store, by camera ({@code site/camera}), each camera's tracks
     * in key order, and of the clocks store: read once in {@link #init} (after a restart or a
     * restored task, from the restored stores) and kept in step with every put and delete. The
     * stores stay the durable copy (changelogged, so a restore rebuilds them); reads come from
     * here, so no track is decoded per impression and no store iterator is opened per check.
     */
    private final Map<String, NavigableMap<String, TrackState>> openByCamera = new HashMap<>();

    private final Map<String, Long> cameraTimes = new HashMap<>();

    /**
     * @param tracksStoreName open tracks, keyed {@code site/camera/trackId}
     * @param clocksStoreName each camera's event time, keyed {@code site/camera}
     */
    public TrackProcessor(
            TrackRules tracks, FusionRules fusion, String tracksStoreName, String clocksStoreName) {
        this.tracks = tracks;
        this.fusion = fusion;
        this.tracksStoreName = tracksStoreName;
        this.clocksStoreName = clocksStoreName;
    }

    @Override
    public void init(ProcessorContext<String, TrackerOutput> context) {
        this.context = context;
        this.store = context.getStateStore(tracksStoreName);
        this.clocks = context.getStateStore(clocksStoreName);
        openByCamera.clear();
        try (KeyValueIterator<String, TrackState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, TrackState> track = all.next();
                tracksOf(new SiteCamera(track.value.site, track.value.camera).key())
                        .put(track.key, track.value);
            }
        }
        cameraTimes.clear();
        try (KeyValueIterator<String, Long> all = clocks.all()) {
            all.forEachRemaining(clock -> cameraTimes.put(clock.key, clock.value));
        }
        MeterRegistry registry = AggregationMetrics.registryFrom(context.appConfigs());
        visitors = AggregationMetrics.tracksClosed(registry, AggregationMetrics.OUTCOME_VISITOR);
        unconfirmed =
                AggregationMetrics.tracksClosed(registry, AggregationMetrics.OUTCOME_UNCONFIRMED);
        late = AggregationMetrics.untrackedImpressions(registry, "late");
        dwell = AggregationMetrics.visitorDwell(registry);
        determined = new EnumMap<>(Attribute.class);
        undetermined = new EnumMap<>(Attribute.class);
        for (Attribute attribute : Attribute.values()) {
            String name = attribute.settingName();
            determined.put(
                    attribute,
                    AggregationMetrics.fusedAttributes(
                            registry, name, AggregationMetrics.OUTCOME_DETERMINED));
            undetermined.put(
                    attribute,
                    AggregationMetrics.fusedAttributes(
                            registry, name, AggregationMetrics.OUTCOME_UNDETERMINED));
            AggregationMetrics.undeterminedShare(registry, name);
        }
    }

    @Override
    public void process(Record<String, CameraInput> record) {
        if (record.value() instanceof CameraInput.WholeFrame whole) {
            processFrame(whole.inputs());
        } else {
            processFrame(List.of(new CameraInput.Timed(record.value(), record.timestamp())));
        }
    }

    /**
     * Each record as if alone (clock, then track, then its tally), except that the records of a run
     * at one event time (a frame's observations and its processed frame) send one tally, their sum,
     * in place of the run's first tally. The windows count the same: by then the camera's window
     * clock has reached that time, so a visitor tally sent between the run's records is counted, or
     * found late, as it would have been, and tallies add up in any order. The repartition topic
     * carries one tally per frame instead of one per record.
     */
    private void processFrame(List<CameraInput.Timed> inputs) {
        // One frame time of one camera (FrameAssembler's key): one cell, one key.
        SiteCamera cell = cellOf(inputs.get(0).input());
        String cellKey = cell.key();
        for (int i = 0; i < inputs.size(); i++) {
            CameraInput input = inputs.get(i).input();
            long time = inputs.get(i).eventTime();
            long now = advanceClock(cell, cellKey, time);
            if (input instanceof CameraInput.Observation seen
                    && seen.observation().getTrackId() != null) {
                follow(cell, cellKey, seen.observation(), time, now);
            }
            if (i == 0 || inputs.get(i - 1).eventTime() != time) {
                int end = i + 1;
                while (end < inputs.size() && inputs.get(end).eventTime() == time) {
                    end++;
                }
                forward(cellKey, tallyOf(inputs.subList(i, end)), time);
            }
        }
    }

    private static SiteCamera cellOf(CameraInput input) {
        if (input instanceof CameraInput.Observation seen) {
            return new SiteCamera(seen.observation().getSite(), seen.observation().getCamera());
        } else if (input instanceof CameraInput.Frame processed) {
            return new SiteCamera(processed.frame().getSite(), processed.frame().getCamera());
        }
        throw new IllegalArgumentException("Unknown camera input " + input);
    }

    /**
     * The sum of the one-record tallies ({@link WindowTally#of(FaceObservation)}, {@link
     * WindowTally#of(FrameProcessed)}) of {@code run}, built at once rather than by {@link
     * WindowTally#plus}, which copies every collection per record.
     */
    private static WindowTally tallyOf(List<CameraInput.Timed> run) {
        long frames = 0;
        long observations = 0;
        SortedSet<String> modelSets = new TreeSet<>();
        SortedMap<String, SortedSet<String>> modelVersions = new TreeMap<>();
        for (CameraInput.Timed timed : run) {
            if (timed.input() instanceof CameraInput.Observation seen) {
                FaceObservation observation = seen.observation();
                observations++;
                modelSets.add(observation.getModelSet());
                for (Map.Entry<String, String> model : observation.getModelVersions().entrySet()) {
                    modelVersions
                            .computeIfAbsent(model.getKey(), name -> new TreeSet<>())
                            .add(model.getValue());
                }
            } else {
                FrameProcessed frame = ((CameraInput.Frame) timed.input()).frame();
                if (!frame.getEndOfStream()) {
                    frames++;
                    modelSets.add(frame.getModelSet());
                }
            }
        }
        return frames == 0 && observations == 0
                ? WindowTally.empty()
                : new WindowTally(frames, observations, modelSets, modelVersions);
    }

    /**
     * Moves the camera's time to {@code timestamp} if later, closing its expired tracks at each
     * check interval boundary.
     */
    private long advanceClock(SiteCamera cell, String key, long timestamp) {
        Long previous = cameraTimes.get(key);
        if (previous != null && previous >= timestamp) {
            return previous;
        }
        cameraTimes.put(key, timestamp);
        clocks.put(key, timestamp);
        long interval = tracks.checkInterval().toMillis();
        if (previous == null
                || Math.floorDiv(previous, interval) < Math.floorDiv(timestamp, interval)) {
            closeExpired(key, timestamp);
        }
        return timestamp;
    }

    private void follow(
            SiteCamera cell, String cellKey, FaceObservation observation, long time, long now) {
        String key = cell.trackStoreKey(observation.getTrackId());
        NavigableMap<String, TrackState> open = openByCamera.get(cellKey);
        TrackState track = open == null ? null : open.get(key);
        if (track != null && gapPassed(track, now)) {
            close(key, track);
            track = null;
        }
        if (track != null && now >= track.firstSeen + tracks.maxDuration().toMillis()) {
            // Still seen at the maximum duration: this impression starts the track's next segment.
            close(key, track);
            track =
                    TrackState.start(
                            cell.site(),
                            cell.camera(),
                            observation.getTrackId(),
                            track.segment + 1,
                            time);
        }
        if (track == null) {
            if (time + tracks.gap().toMillis() <= now) {
                late.increment();
                return;
            }
            track = TrackState.start(cell.site(), cell.camera(), observation.getTrackId(), 0, time);
        }
        track.add(observation, time, fusion);
        tracksOf(cellKey).put(key, track);
        store.put(key, track);
    }

    private NavigableMap<String, TrackState> tracksOf(String cell) {
        return openByCamera.computeIfAbsent(cell, camera -> new TreeMap<>());
    }

    private boolean gapPassed(TrackState track, long now) {
        return now >= track.lastSeen + tracks.gap().toMillis();
    }

    private void closeExpired(String cellKey, long now) {
        NavigableMap<String, TrackState> open = openByCamera.get(cellKey);
        if (open == null) {
            return;
        }
        List<Map.Entry<String, TrackState>> expired = new ArrayList<>();
        for (Map.Entry<String, TrackState> entry : open.entrySet()) {
            if (gapPassed(entry.getValue(), now)) {
                expired.add(entry);
            }
        }
        for (Map.Entry<String, TrackState> entry : expired) {
            close(entry.getKey(), entry.getValue());
        }
    }

    private void close(String key, TrackState track) {
        String cell = new SiteCamera(track.site, track.camera).key();
        NavigableMap<String, TrackState> open = openByCamera.get(cell);
        open.remove(key);
        if (open.isEmpty()) {
            openByCamera.remove(cell);
        }
        // A put of null deletes without reading (and decoding) the old value, as delete would.
        store.put(key, null);
        if (!track.isConfirmed(tracks)) {
            unconfirmed.increment();
            return;
        }
        visitors.increment();
        TrackSummary summary = track.summarize(fusion);
        record(summary);
        context.forward(
                new Record<>(
                        track.summaryKey(), new TrackerOutput.Visitor(summary), track.lastSeen));
        forward(
                new SiteCamera(track.site, track.camera).key(),
                WindowTally.of(summary),
                track.lastSeen);
    }

    /**
     * Metrics only (a replay after a crash may count again); a switched-off attribute (null) is not
     * counted.
     */
    private void record(TrackSummary summary) {
        dwell.record(summary.getDwellMillis());
        count(Attribute.SEX, summary.getSex());
        count(Attribute.AGE, summary.getAgeGroup());
        count(Attribute.MASK, summary.getMasked());
        count(Attribute.EXPRESSION, summary.getExpression());
    }

    private void count(Attribute attribute, FusedAttribute fused) {
        if (fused != null) {
            (Fused.UNDETERMINED.equals(fused.getValue()) ? undetermined : determined)
                    .get(attribute)
                    .increment();
        }
    }

    private void forward(String cell, WindowTally tally, long timestamp) {
        context.forward(new Record<>(cell, new TrackerOutput.Tally(tally), timestamp));
    }
}
