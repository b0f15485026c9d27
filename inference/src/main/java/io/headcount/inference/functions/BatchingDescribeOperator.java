package io.headcount.inference.functions;

import io.headcount.core.attributes.Attribute;
import io.headcount.core.attributes.SiteAttributeSwitches;
import io.headcount.inference.records.DetectedFrame;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.DescribeBudget;
import io.headcount.vision.attributes.DescribeBudgetSettings;
import io.headcount.vision.attributes.DescribeBudgetState;
import io.headcount.vision.attributes.FaceDescriber;
import io.headcount.vision.attributes.FaceDescription;
import io.headcount.vision.attributes.FrameFaces;
import io.headcount.vision.onnx.FrameBatching;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * {@code describe-faces} over micro-batches ({@link FrameBatching}, {@code attributes.batch-*}):
 * the faces that the budget picks in frames of several cameras go through each head together (a GPU
 * runs a batch of faces in about the time of one). Each frame leaves with the descriptions that
 * {@link DescribeFacesFunction} gives it, in the order the frames came, up to the float rounding of
 * another batch size.
 *
 * <p>A camera's budget needs the heads' answers for its frame before it picks in its next one, so a
 * batch holds at most one frame per camera: a second frame of a queued camera runs the queue first,
 * as does a frame whose site switches other attributes off, and an end of stream. Nothing stays
 * queued across a checkpoint or a watermark ({@link #prepareSnapshotPreBarrier}, {@link
 * #processWatermark}). The budget's keyed state and its idle timers are the function's (state
 * {@value DescribeFacesFunction#STATE}, timers in {@value #TIMERS}), so a job can switch batching
 * on or off across a restore. Metrics as the function's.
 */
public final class BatchingDescribeOperator extends MicroBatchOperator<DetectedFrame>
        implements OneInputStreamOperator<DetectedFrame, DetectedFrame>,
                Triggerable<String, VoidNamespace> {

    private static final long serialVersionUID = 1L;

    /** The name a keyed process function's timers have, so that either restores the other's. */
    static final String TIMERS = "user-timers";

    private final AttributeSettings settings;
    private final DescribeBudget budget;
    private final long idleMillis;
    private final SiteAttributeSwitches siteSwitches;

    private transient FaceDescriber describer;
    private transient ValueState<DescribeBudgetState> state;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient DescribeMetrics metrics;
    private transient List<Queued> queued;
    private transient Set<String> queuedCameras;

    /** A picked frame with its record and its camera (the key). */
    private record Queued(
            StreamRecord<DetectedFrame> record,
            String camera,
            FrameDescribing.Picked frame,
            long pickNanos) {}

    public BatchingDescribeOperator(
            AttributeSettings settings,
            DescribeBudgetSettings budget,
            long idleMillis,
            SiteAttributeSwitches siteSwitches,
            FrameBatching batching) {
        super(batching);
        this.settings = settings;
        this.budget = new DescribeBudget(budget, idleMillis);
        this.idleMillis = idleMillis;
        this.siteSwitches = siteSwitches;
    }

    @Override
    public void open() throws Exception {
        super.open();
        describer = FaceDescriber.open(settings);
        state =
                getPartitionedState(
                        new ValueStateDescriptor<>(
                                DescribeFacesFunction.STATE,
                                TypeInformation.of(DescribeBudgetState.class)));
        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        metrics = new DescribeMetrics(getMetricGroup(), describer);
        queued = new ArrayList<>(batching.maxFrames());
        queuedCameras = new HashSet<>();
    }

    @Override
    public void processElement(StreamRecord<DetectedFrame> element) throws Exception {
        DetectedFrame detected = element.getValue();
        String camera = (String) getCurrentKey();
        if (detected.image() == null) {
            // An end of stream stays behind its camera's frames.
            runQueue();
            setCurrentKey(camera);
            output.collect(element.replace(detected.described(new FaceDescription[0])));
            return;
        }
        Set<Attribute> switchedOff = siteSwitches.disabled(detected.frame().site());
        if (queuedCameras.contains(camera)
                || (!queued.isEmpty()
                        && !queued.get(0).frame().switchedOff().equals(switchedOff))) {
            runQueue();
            setCurrentKey(camera);
        }
        long start = System.nanoTime();
        FrameDescribing.Picked frame =
                FrameDescribing.pick(
                        describer,
                        budget,
                        detected,
                        budget.settings().enabled() ? state.value() : null,
                        switchedOff);
        queued.add(new Queued(element, camera, frame, System.nanoTime() - start));
        queuedCameras.add(camera);
        joined();
    }

    @Override
    protected int queued() {
        return queued.size();
    }

    /** One run of the heads over the queued frames' picked faces; each frame leaves, in order. */
    @Override
    protected void runBatch() throws Exception {
        long start = System.nanoTime();
        List<FrameFaces> faces = new ArrayList<>(queued.size());
        int picked = 0;
        long pickNanos = 0;
        for (Queued one : queued) {
            faces.add(one.frame().faces());
            picked += one.frame().pickedCount();
            pickNanos += one.pickNanos();
        }
        FaceDescription[][] descriptions =
                describer.describeFrames(faces, queued.get(0).frame().switchedOff());
        // The stage's time: each frame's quality and pick, and the heads' run.
        metrics.run(describer, queued.size(), picked, StageMetrics.microsSince(start - pickNanos));
        for (int i = 0; i < queued.size(); i++) {
            Queued one = queued.get(i);
            setCurrentKey(one.camera());
            FrameDescribing.settle(
                    budget, one.frame(), descriptions[i], metrics.described, metrics.notPicked);
            if (budget.settings().enabled()) {
                FrameDescribing.remember(
                        one.frame().budget(),
                        one.frame().detected().frame().captureTime(),
                        idleMillis,
                        state,
                        time -> timers.registerEventTimeTimer(VoidNamespace.INSTANCE, time),
                        time -> timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, time));
            }
            output.collect(one.record().replace(one.frame().detected().described(descriptions[i])));
        }
        queued.clear();
        queuedCameras.clear();
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        FrameDescribing.forgetIfIdle(state, timer.getTimestamp());
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}

    @Override
    public void close() throws Exception {
        try {
            if (describer != null) {
                describer.close();
                describer = null;
            }
        } finally {
            super.close();
        }
    }
}
