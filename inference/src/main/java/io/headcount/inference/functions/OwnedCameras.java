package io.headcount.inference.functions;

import io.headcount.inference.records.DetectedFrame;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Lets on to {@code track-faces} only the frames of cameras this subtask owns; the others go to
 * {@link #NOT_OWNED} untracked and undescribed, without their pixels, and are counted in {@value
 * #NOT_OWNED_METRIC}. In a running job every frame is owned: the raw records are keyed by camera
 * and every operator after is chained. The exception is a restore at another parallelism: {@code
 * prepare-frame}'s frames in flight (at most a few per subtask) are operator state, which Flink
 * hands out round-robin, not by key, so a frame can come back on a subtask that does not own its
 * camera, where a keyed operator would fail the task (a key group out of its range). Such a frame
 * still becomes its observations (box, score) and its frames-processed record; its camera's tracks
 * see it as a missed frame.
 */
public final class OwnedCameras extends ProcessFunction<DetectedFrame, DetectedFrame> {

    private static final long serialVersionUID = 1L;

    public static final String NOT_OWNED_METRIC = "framesNotOwned";

    public static final OutputTag<DetectedFrame> NOT_OWNED =
            new OutputTag<>("not-owned", TypeInformation.of(DetectedFrame.class));

    private transient Counter notOwned;

    @Override
    public void open(OpenContext openContext) {
        notOwned = getRuntimeContext().getMetricGroup().counter(NOT_OWNED_METRIC);
    }

    @Override
    public void processElement(
            DetectedFrame detected, Context context, Collector<DetectedFrame> out) {
        if (owns(getRuntimeContext().getTaskInfo(), detected.frame().camera())) {
            out.collect(detected);
        } else {
            notOwned.inc();
            context.output(NOT_OWNED, detected.described(null));
        }
    }

    /** Whether {@code camera}'s key group belongs to this subtask. */
    static boolean owns(TaskInfo task, String camera) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(
                        camera,
                        task.getMaxNumberOfParallelSubtasks(),
                        task.getNumberOfParallelSubtasks())
                == task.getIndexOfThisSubtask();
    }
}
