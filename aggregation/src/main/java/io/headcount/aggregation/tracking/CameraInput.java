package io.headcount.aggregation.tracking;

import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import java.util.List;

/**
 * What the tracker reads: both inputs of a camera, merged, so processed frames move its event time
 * (closing tracks when nobody is in view) as they move the windows'. Never serialized: it lives
 * between the sources and the tracker, in one sub-topology.
 */
public sealed interface CameraInput {

    record Observation(FaceObservation observation) implements CameraInput {}

    record Frame(FrameProcessed frame) implements CameraInput {}

    /**
     * One frame of a camera as {@link FrameAssembler} releases it: its observations, then its
     * processed-frame records, each at its own event time. One record for the whole frame, so the
     * tracker can send one tally per frame and event time instead of one per record.
     */
    record WholeFrame(List<Timed> inputs) implements CameraInput {

        public WholeFrame {
            inputs = List.copyOf(inputs);
        }
    }

    /** An observation or processed frame of a {@link WholeFrame}, at its event time. */
    record Timed(CameraInput input, long eventTime) {}
}
