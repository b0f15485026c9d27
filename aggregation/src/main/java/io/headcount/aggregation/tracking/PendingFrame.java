package io.headcount.aggregation.tracking;

import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import java.util.ArrayList;
import java.util.List;

/**
 * What has arrived of one frame of a camera (one frame time): its {@code frames-processed} record
 * (normally one; an end of stream may share the last frame's time) and its observations, each list
 * in arrival order. Mutable; lives in the pending-frames store between arrivals.
 */
public final class PendingFrame {

    final List<FrameProcessed> frames;
    final List<FaceObservation> observations;

    /**
     * The stored form of the first records of {@link #frames} and {@link #observations}, as {@link
     * PendingFrameSerde} wrote or read them: a frame is stored again on every record that arrives
     * for it, and only the new record needs encoding.
     */
    final List<byte[]> encodedFrames = new ArrayList<>();

    final List<byte[]> encodedObservations = new ArrayList<>();

    PendingFrame(List<FrameProcessed> frames, List<FaceObservation> observations) {
        this.frames = new ArrayList<>(frames);
        this.observations = new ArrayList<>(observations);
    }

    static PendingFrame empty() {
        return new PendingFrame(List.of(), List.of());
    }

    void add(CameraInput input) {
        if (input instanceof CameraInput.Observation seen) {
            observations.add(seen.observation());
        } else {
            frames.add(((CameraInput.Frame) input).frame());
        }
    }

    /** Its processed frame has arrived, with as many observations as that frame reported. */
    boolean isComplete() {
        return !frames.isEmpty() && observations.size() >= expectedObservations();
    }

    boolean hasFrame() {
        return !frames.isEmpty();
    }

    /**
     * Whether its arrival proves that every observation of the camera's earlier frames has arrived
     * too (the inference job writes a camera's observations in frame order): it has one of its own.
     * An end of stream proves nothing of the kind: observations may still be on their way.
     */
    boolean witnessesEarlierObservations() {
        return !observations.isEmpty();
    }

    private int expectedObservations() {
        return frames.stream().mapToInt(FrameProcessed::getFaces).sum();
    }

    /** The observations first (they belong to the frame), then the frame records. */
    List<CameraInput> inOrder() {
        List<CameraInput> inputs = new ArrayList<>(observations.size() + frames.size());
        observations.forEach(observation -> inputs.add(new CameraInput.Observation(observation)));
        frames.forEach(frame -> inputs.add(new CameraInput.Frame(frame)));
        return inputs;
    }
}
