package io.headcount.inference.functions;

import io.headcount.vision.track.ByteTracker;
import io.headcount.vision.track.FrameDetections;
import io.headcount.vision.track.FrameTracks;
import io.headcount.vision.track.RandomTrackIds;
import io.headcount.vision.track.RecentFrames;
import io.headcount.vision.track.TrackerSettings;
import io.headcount.vision.track.TrackerState;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Tracks faces per camera: the stream must be keyed by camera id, and a camera's frames must arrive
 * in capture order (one Kafka partition per camera gives that). One {@link TrackerState} per camera
 * lives in keyed state; each frame updates it with {@link ByteTracker} and leaves with a track id
 * per face.
 *
 * <p>State is never left behind: when a frame ends with no track (the last one was deleted) the
 * state and its timer are cleared at once; otherwise an event-time timer at the frame's capture
 * time plus {@link TrackerSettings#maxLostMillis()} clears the state if no later frame came, since
 * by then every track of that camera would be deleted anyway. Each frame moves the timer.
 *
 * <p>Repeats are dropped here, before the tracker: a gateway killed hard (SIGKILL, power loss)
 * resumes from its last saved position and sends the frames after it a second time, with the same
 * sequence numbers and capture times. A second keyed state remembers each camera's recent frames
 * ({@link RecentFrames}, for {@link #REPEAT_MEMORY} after its last update, so a gateway that is
 * down for days is still recognised, while a removed camera's entry goes); a frame it {@linkplain
 * RecentFrames#contains contains} is counted in {@value #REPEATED_METRIC} and goes no further: its
 * first copy already gave its observations and its {@code frames-processed} record.
 *
 * <p>Metrics: the counters below and the time per frame (state, tracker, timers) in the histogram
 * {@value StageMetrics#STAGE_TIME}.
 *
 * @param <IN> frame record in (see {@link FrameTracking})
 * @param <OUT> frame record out
 */
public final class TrackFacesFunction<IN, OUT> extends KeyedProcessFunction<String, IN, OUT>
        implements ResultTypeQueryable<OUT> {

    private static final long serialVersionUID = 1L;

    /** Operator name and uid. */
    public static final String NAME = "track-faces";

    public static final String STATE = "tracker";
    public static final String STARTED_METRIC = "tracksStarted";
    public static final String CONFIRMED_METRIC = "tracksConfirmed";
    public static final String DELETED_METRIC = "tracksDeleted";
    public static final String CLEARED_METRIC = "trackersClearedIdle";
    public static final String RECENT_FRAMES_STATE = "recent-frames";
    public static final String REPEATED_METRIC = "framesRepeated";

    /**
     * Detections that neither continued nor started a track: low-score faces kept for the second
     * pass that matched no track ({@link DetectedFrameTracking} drops them).
     */
    public static final String UNTRACKED_METRIC = "detectionsWithoutTrack";

    /** How long a camera's recent frames are remembered after the last came (processing time). */
    public static final Duration REPEAT_MEMORY = Duration.ofDays(7);

    private final TrackerSettings settings;
    private final FrameTracking<IN, OUT> tracking;

    private transient ValueState<TrackerState> state;
    private transient ValueState<RecentFrames> recentFrames;
    private transient ByteTracker tracker;
    private transient Counter started;
    private transient Counter confirmed;
    private transient Counter deleted;
    private transient Counter clearedIdle;
    private transient Counter repeated;
    private transient Counter untracked;
    private transient Histogram stageTime;

    public TrackFacesFunction(TrackerSettings settings, FrameTracking<IN, OUT> tracking) {
        this.settings = settings;
        this.tracking = tracking;
    }

    /** The tracker on its own records: {@link FrameDetections} in, {@link FrameTracks} out. */
    public static TrackFacesFunction<FrameDetections, FrameTracks> plain(TrackerSettings settings) {
        return new TrackFacesFunction<>(settings, FrameTracking.plain());
    }

    @Override
    public void open(OpenContext openContext) {
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        STATE, TypeInformation.of(TrackerState.class)));
        ValueStateDescriptor<RecentFrames> recentDescriptor =
                new ValueStateDescriptor<>(
                        RECENT_FRAMES_STATE, TypeInformation.of(RecentFrames.class));
        recentDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(REPEAT_MEMORY).build());
        recentFrames = getRuntimeContext().getState(recentDescriptor);
        // Ids come from a SecureRandom created here, on the task: never serialized, never shared.
        tracker = new ByteTracker(settings, new RandomTrackIds());
        started = getRuntimeContext().getMetricGroup().counter(STARTED_METRIC);
        confirmed = getRuntimeContext().getMetricGroup().counter(CONFIRMED_METRIC);
        deleted = getRuntimeContext().getMetricGroup().counter(DELETED_METRIC);
        clearedIdle = getRuntimeContext().getMetricGroup().counter(CLEARED_METRIC);
        repeated = getRuntimeContext().getMetricGroup().counter(REPEATED_METRIC);
        untracked = getRuntimeContext().getMetricGroup().counter(UNTRACKED_METRIC);
        stageTime = StageMetrics.stageTime(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(IN frame, Context context, Collector<OUT> out) throws Exception {
        long start = System.nanoTime();
        FrameDetections detections = tracking.detections(frame);
        RecentFrames recent = recentFrames.value();
        if (recent == null) {
            recent = RecentFrames.empty();
        } else if (recent.contains(detections)) {
            repeated.inc();
            return;
        }
        recent.add(detections);
        recentFrames.update(recent);
        TrackerState current = state.value();
        if (current == null) {
            current = new TrackerState();
        }
        ByteTracker.Result result = tracker.update(current, detections);
        started.inc(result.started());
        confirmed.inc(result.confirmed());
        deleted.inc(result.deleted());
        untracked.inc(result.tracks().untracked());

        if (current.idleTimer != 0) {
            context.timerService().deleteEventTimeTimer(current.idleTimer);
        }
        if (current.isEmpty()) {
            state.clear();
        } else {
            current.idleTimer = current.lastFrameTime + settings.maxLostMillis();
            context.timerService().registerEventTimeTimer(current.idleTimer);
            state.update(current);
        }
        OUT tracked = tracking.withTracks(frame, result.tracks());
        stageTime.update(StageMetrics.microsSince(start));
        out.collect(tracked);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<OUT> out)
            throws Exception {
        TrackerState current = state.value();
        if (current != null && current.idleTimer == timestamp) {
            deleted.inc(current.tracks.length);
            clearedIdle.inc();
            state.clear();
        }
    }

    @Override
    public TypeInformation<OUT> getProducedType() {
        return tracking.outputType();
    }
}
