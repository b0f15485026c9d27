package io.headcount.aggregation;

import io.headcount.aggregation.counting.AudienceStatsMapping;
import io.headcount.aggregation.counting.CameraWindows;
import io.headcount.aggregation.counting.EmittedStatsRecorder;
import io.headcount.aggregation.counting.RangeTotalsSerde;
import io.headcount.aggregation.counting.WindowTally;
import io.headcount.aggregation.counting.WindowTallySerde;
import io.headcount.aggregation.serde.WriteBehindStore;
import io.headcount.aggregation.tracking.CameraInput;
import io.headcount.aggregation.tracking.FrameAssembler;
import io.headcount.aggregation.tracking.PendingFrameSerde;
import io.headcount.aggregation.tracking.TrackProcessor;
import io.headcount.aggregation.tracking.TrackStateSerde;
import io.headcount.aggregation.tracking.TrackerOutput;
import io.headcount.aggregation.validation.FrameProcessedTimeExtractor;
import io.headcount.aggregation.validation.FrameProcessedValidator;
import io.headcount.aggregation.validation.FrameTimeExtractor;
import io.headcount.aggregation.validation.ObservationValidator;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.TrackSummary;
import io.headcount.schemas.topics.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Face observations and processed frames → frames in order → tracks → per site/camera tumbling
 * event-time windows → one {@link AudienceStats} per window, emitted once when the window closes on
 * its camera's own clock (its end plus the grace period); and one {@link TrackSummary} per visitor
 * on the tracks topic.
 *
 * <p>Both inputs are keyed by camera (same partitioning) and merge. {@link FrameAssembler} (store
 * {@value #PENDING_FRAMES_STORE}) puts each camera's records into frame order, a frame's
 * observations before its processed-frame record, whatever order the two topics were fetched in.
 * The tracker ({@link TrackProcessor}, stores {@value #TRACKS_STORE} and {@value #CLOCKS_STORE})
 * forwards a {@link WindowTally} per frame and event time (its observations and processed frame
 * summed) keyed by cell, plus, when a confirmed track closes, its summary and a visitor tally. The
 * tallies go through one repartition topic to {@link CameraWindows} (stores {@value #WINDOWS_STORE}
 * and {@value #WINDOW_CLOCKS_STORE}), which closes each camera's windows on that camera's clock,
 * never on the partition's stream time. Processed frames make windows and tracks close when nobody
 * is in view; an end-of-stream record closes a finite source's last tracks and windows (see {@link
 * FrameProcessedTimeExtractor}). A window that counted nothing is not emitted. Every processor,
 * store and internal topic has a constant name, so a topology change never renames state silently.
 */
public final class AudienceTopology {

    public static final String SOURCE = "face-observations-source";
    public static final String VALIDATE = "validate-observation";
    public static final String AS_OBSERVATION_INPUT = "observation-as-camera-input";

    public static final String FRAMES_SOURCE = "frames-processed-source";
    public static final String VALIDATE_FRAME = "validate-frame-processed";
    public static final String AS_FRAME_INPUT = "frame-as-camera-input";

    public static final String MERGE = "merge-observations-and-frames";

    /** Puts each camera's observations and processed frames into frame order. */
    public static final String ASSEMBLE = "assemble-frames";

    /**
     * Key-value store of frames not yet complete (changelog {@code
     * <application.id>-pending-frames-changelog}), keyed {@code site/camera/frameTime}.
     */
    public static final String PENDING_FRAMES_STORE = "pending-frames";

    /**
     * Joins each camera's impressions into open tracks and closes them into visitors; forwards
     * tallies keyed {@code site/camera} and visitors' summaries ({@link TrackProcessor}). Not the
     * inference job's {@code track-faces}, which gives faces their track ids. Renaming a processor
     * renames no state: its stores and topics carry names of their own.
     */
    public static final String CLOSE_TRACKS = "close-tracks";

    /**
     * Key-value store of open tracks (changelog {@code <application.id>-open-tracks-changelog}),
     * keyed {@code site/camera/trackId}.
     */
    public static final String TRACKS_STORE = "open-tracks";

    /**
     * Key-value store of each camera's event time (changelog {@code
     * <application.id>-camera-clocks-changelog}), keyed {@code site/camera}.
     */
    public static final String CLOCKS_STORE = "camera-clocks";

    public static final String SPLIT = "tracker-";
    public static final String VISITORS_BRANCH = "visitors";
    public static final String TALLIES_BRANCH = "tallies";
    public static final String TO_TRACK_SUMMARY = "to-track-summary";
    public static final String TRACKS_SINK = "tracks-sink";
    public static final String TO_TALLY = "to-window-tally";

    /**
     * Repartition by site/camera (topic {@code
     * <application.id>-observations-by-site-camera-repartition}, values {@link WindowTally}): the
     * inputs are keyed by camera alone, and camera ids need not be unique across sites; it also
     * puts each cell where key-based lookups (interactive queries) expect it.
     */
    public static final String BY_SITE_CAMERA = "observations-by-site-camera";

    /** Counts tallies per camera window and emits closed windows ({@link CameraWindows}). */
    public static final String COUNT = "count-per-window";

    /**
     * Key-value store of the open windows (changelog {@code
     * <application.id>-open-windows-changelog}), keyed {@code site/camera/start}.
     */
    public static final String WINDOWS_STORE = "open-windows";

    /**
     * Key-value store of each camera's clock as the windows see it (changelog {@code
     * <application.id>-window-clocks-changelog}), keyed {@code site/camera}.
     */
    public static final String WINDOW_CLOCKS_STORE = "window-clocks";

    /**
     * Keeps every emitted window in {@value #STATS_STORE} and counts it in the audience metrics.
     */
    public static final String RECORD_EMITTED = "record-emitted-stats";

    /**
     * Window store of the emitted (suppressed) {@code AudienceStats}, keyed {@code site/camera} at
     * the window's start (changelog {@code <application.id>-audience-windows-changelog}); what the
     * REST API serves, through interactive queries. Same partitioning as the repartition topic.
     */
    public static final String STATS_STORE = "audience-windows";

    /**
     * Key-value store of each camera's {@code RangeTotals} per UTC day (changelog {@code
     * <application.id>-range-totals-changelog}), keyed {@code site/camera/day start}: raw counts
     * and what of them may be published; the REST API serves only the latter.
     */
    public static final String TOTALS_STORE = "range-totals";

    public static final String SINK = "audience-stats-sink";

    private AudienceTopology() {}

    /**
     * A store of live state (pending frames, open tracks, open windows, clocks): in memory,
     * changelogged, and written behind ({@link WriteBehindStore}): each key written on many records
     * (a track on each impression, a clock on each frame) is serialized and logged once per commit,
     * with the state that commit's offsets imply. They hold only what is still open, so they stay
     * small, and a restart restores them from their changelogs. In RocksDB every frame's put and
     * delete left a tombstone that each prefix scan of its camera stepped over until a compaction,
     * and every access crossed JNI. No record cache: the write-behind store does its work without
     * serializing each put.
     */
    private static <V> StoreBuilder<KeyValueStore<String, V>> liveState(
            String name, Serde<String> keys, Serde<V> values) {
        return WriteBehindStore.builder(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
                        .withCachingDisabled());
    }

    public static Topology buildTopology(AggregationOptions options) {
        return buildTopology(options, Clock.systemUTC());
    }

    /**
     * @param clock the wall clock that future frame times are judged against
     */
    public static Topology buildTopology(AggregationOptions options, Clock clock) {
        Topic<String, FaceObservation> observationsTopic = options.observations();
        Topic<String, FrameProcessed> framesTopic = options.framesProcessed();
        Topic<String, AudienceStats> output = options.audienceStats();
        Topic<String, TrackSummary> tracksOutput = options.trackSummaries();
        Duration endOfStreamLead = options.endOfStreamLead();
        StreamsBuilder builder = new StreamsBuilder();

        KStream<String, CameraInput> observations =
                builder.stream(
                                observationsTopic.name(),
                                Consumed.with(
                                                observationsTopic.keySerde(),
                                                observationsTopic.valueSerde())
                                        .withTimestampExtractor(
                                                new FrameTimeExtractor(
                                                        options.maxFutureSkew(), clock))
                                        .withName(SOURCE))
                        .processValues(ObservationValidator::new, Named.as(VALIDATE))
                        .mapValues(
                                observation ->
                                        (CameraInput) new CameraInput.Observation(observation),
                                Named.as(AS_OBSERVATION_INPUT));

        KStream<String, CameraInput> frames =
                builder.stream(
                                framesTopic.name(),
                                Consumed.with(framesTopic.keySerde(), framesTopic.valueSerde())
                                        .withTimestampExtractor(
                                                new FrameProcessedTimeExtractor(
                                                        endOfStreamLead,
                                                        options.maxFutureSkew(),
                                                        clock))
                                        .withName(FRAMES_SOURCE))
                        .processValues(
                                () -> new FrameProcessedValidator(endOfStreamLead),
                                Named.as(VALIDATE_FRAME))
                        .mapValues(
                                frame -> (CameraInput) new CameraInput.Frame(frame),
                                Named.as(AS_FRAME_INPUT));

        builder.addStateStore(
                liveState(PENDING_FRAMES_STORE, Serdes.String(), new PendingFrameSerde()));
        builder.addStateStore(liveState(TRACKS_STORE, Serdes.String(), new TrackStateSerde()));
        builder.addStateStore(liveState(CLOCKS_STORE, Serdes.String(), Serdes.Long()));
        builder.addStateStore(liveState(WINDOWS_STORE, Serdes.String(), new WindowTallySerde()));
        builder.addStateStore(liveState(WINDOW_CLOCKS_STORE, Serdes.String(), Serdes.Long()));
        builder.addStateStore(
                Stores.windowStoreBuilder(
                                Stores.persistentWindowStore(
                                        STATS_STORE,
                                        options.storeRetention(),
                                        options.windowSize(),
                                        false),
                                Serdes.String(),
                                output.valueSerde())
                        .withCachingDisabled());
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(TOTALS_STORE),
                                Serdes.String(),
                                new RangeTotalsSerde())
                        .withCachingDisabled());

        Map<String, KStream<String, TrackerOutput>> outputs =
                observations
                        .merge(frames, Named.as(MERGE))
                        .process(
                                () -> new FrameAssembler(PENDING_FRAMES_STORE, endOfStreamLead),
                                Named.as(ASSEMBLE),
                                PENDING_FRAMES_STORE)
                        .process(
                                () ->
                                        new TrackProcessor(
                                                options.tracks(),
                                                options.fusion(),
                                                TRACKS_STORE,
                                                CLOCKS_STORE),
                                Named.as(CLOSE_TRACKS),
                                TRACKS_STORE,
                                CLOCKS_STORE)
                        .split(Named.as(SPLIT))
                        .branch(
                                (key, out) -> out instanceof TrackerOutput.Visitor,
                                Branched.as(VISITORS_BRANCH))
                        .defaultBranch(Branched.as(TALLIES_BRANCH));

        outputs.get(SPLIT + VISITORS_BRANCH)
                .mapValues(
                        out -> ((TrackerOutput.Visitor) out).summary(), Named.as(TO_TRACK_SUMMARY))
                .to(
                        tracksOutput.name(),
                        Produced.with(tracksOutput.keySerde(), tracksOutput.valueSerde())
                                .withName(TRACKS_SINK));

        AudienceStatsMapping mapping = new AudienceStatsMapping(options.minCellCount());
        outputs.get(SPLIT + TALLIES_BRANCH)
                .mapValues(out -> ((TrackerOutput.Tally) out).tally(), Named.as(TO_TALLY))
                .repartition(
                        Repartitioned.with(Serdes.String(), new WindowTallySerde())
                                .withName(BY_SITE_CAMERA))
                .process(
                        () ->
                                new CameraWindows(
                                        WINDOWS_STORE,
                                        WINDOW_CLOCKS_STORE,
                                        options.windowSize(),
                                        options.grace(),
                                        mapping,
                                        TOTALS_STORE,
                                        options.storeRetention()),
                        Named.as(COUNT),
                        WINDOWS_STORE,
                        WINDOW_CLOCKS_STORE,
                        TOTALS_STORE)
                // processValues: the key is the window's, but the store is keyed by the stats' own
                // site/camera, so no repartition is wanted.
                .processValues(
                        () -> new EmittedStatsRecorder(STATS_STORE),
                        Named.as(RECORD_EMITTED),
                        STATS_STORE)
                .to(
                        output.name(),
                        Produced.with(output.keySerde(), output.valueSerde()).withName(SINK));

        return builder.build();
    }
}
