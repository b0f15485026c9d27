package io.headcount.inference.functions;

import io.headcount.core.attributes.SiteAttributeSwitches;
import io.headcount.inference.records.DetectedFrame;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.DescribeBudget;
import io.headcount.vision.attributes.DescribeBudgetSettings;
import io.headcount.vision.attributes.DescribeBudgetState;
import io.headcount.vision.attributes.FaceDescriber;
import io.headcount.vision.attributes.FaceDescription;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Quality of every tracked face, attributes of the faces the {@link DescribeBudget} picks (a
 * track's first good face, then its best few per second), then drops the frame's pixels: nothing
 * downstream needs them. Runs after {@code track-faces} on the same camera key, chained to it, so
 * it sees each face's track and the frame's pixels without either crossing the network. A face not
 * picked is still described by its quality and becomes an observation without attributes (no
 * evidence for fusion).
 *
 * <p>The budget's memory of each camera's tracks is keyed state ({@value #STATE}); like the
 * tracker's, it is cleared when a frame leaves it empty, or by an event-time timer when the camera
 * stays idle for the tracker's maximum lost time. The native sessions are opened in {@link #open}
 * and released in {@link #close}.
 *
 * <p>Metrics: counters {@value #DESCRIBED_METRIC} (faces the heads ran on) and {@value
 * #NOT_PICKED_METRIC} (faces good enough for the heads that the budget left out); a histogram
 * {@value ModelMetrics#MODEL_TIME} per model in a group {@code model=<role>} (one value per frame
 * the head ran on: none for a head whose attributes the frame's site switched off), and the stage's
 * time per frame with an image (quality and all heads) in {@value StageMetrics#STAGE_TIME}.
 */
public final class DescribeFacesFunction
        extends KeyedProcessFunction<String, DetectedFrame, DetectedFrame> {

    private static final long serialVersionUID = 1L;

    public static final String STATE = "describe-budget";
    public static final String DESCRIBED_METRIC = "facesDescribed";
    public static final String NOT_PICKED_METRIC = "facesNotPicked";

    private final AttributeSettings settings;
    private final DescribeBudget budget;
    private final long idleMillis;
    private final SiteAttributeSwitches siteSwitches;

    private transient FaceDescriber describer;
    private transient ValueState<DescribeBudgetState> state;
    private transient DescribeMetrics metrics;

    /**
     * @param settings the heads and quality thresholds
     * @param budget how often a track gets the heads
     * @param idleMillis a track unseen for longer is forgotten, and a camera's state with it: the
     *     tracker's maximum lost time
     */
    public DescribeFacesFunction(
            AttributeSettings settings, DescribeBudgetSettings budget, long idleMillis) {
        this(settings, budget, idleMillis, SiteAttributeSwitches.none());
    }

    /**
     * As above; a frame's site's switched-off attributes are never computed (a head they alone need
     * does not run).
     */
    public DescribeFacesFunction(
            AttributeSettings settings,
            DescribeBudgetSettings budget,
            long idleMillis,
            SiteAttributeSwitches siteSwitches) {
        this.settings = settings;
        this.budget = new DescribeBudget(budget, idleMillis);
        this.idleMillis = idleMillis;
        this.siteSwitches = siteSwitches;
    }

    @Override
    public void open(OpenContext openContext) {
        describer = FaceDescriber.open(settings);
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        STATE, TypeInformation.of(DescribeBudgetState.class)));
        metrics = new DescribeMetrics(getRuntimeContext().getMetricGroup(), describer);
    }

    @Override
    public void processElement(
            DetectedFrame detected, Context context, Collector<DetectedFrame> out)
            throws Exception {
        if (detected.image() == null) {
            out.collect(detected.described(new FaceDescription[0]));
            return;
        }
        long start = System.nanoTime();
        FrameDescribing.Picked frame =
                FrameDescribing.pick(
                        describer,
                        budget,
                        detected,
                        budget.settings().enabled() ? state.value() : null,
                        siteSwitches.disabled(detected.frame().site()));
        FaceDescription[] descriptions =
                describer.describeFrames(List.of(frame.faces()), frame.switchedOff())[0];
        metrics.run(describer, 1, frame.pickedCount(), StageMetrics.microsSince(start));
        FrameDescribing.settle(budget, frame, descriptions, metrics.described, metrics.notPicked);
        if (budget.settings().enabled()) {
            FrameDescribing.remember(
                    frame.budget(),
                    detected.frame().captureTime(),
                    idleMillis,
                    state,
                    context.timerService()::registerEventTimeTimer,
                    context.timerService()::deleteEventTimeTimer);
        }
        out.collect(detected.described(descriptions));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<DetectedFrame> out)
            throws Exception {
        FrameDescribing.forgetIfIdle(state, timestamp);
    }

    @Override
    public void close() {
        if (describer != null) {
            describer.close();
            describer = null;
        }
    }
}
