package io.headcount.aggregation.tracking;

import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;

/**
 * What the tracker reads: both inputs of a camera, merged, so processed frames move its event time
 * (closing tracks when nobody is in view) as they move the windows'. Never serialized: it lives
 * between the sources and the tracker, in one sub-topology.
 */
public sealed interface CameraInput {

    record Observation(FaceObservation observation) implements CameraInput {}

    record Frame(FrameProcessed frame) implements CameraInput {}
}
