package io.headcount.inference.functions;

import io.headcount.vision.track.FrameDetections;
import io.headcount.vision.track.FrameTracks;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * How {@link TrackFacesFunction} reads the pipeline's frame record and writes the tracks back into
 * it, so the tracker can sit between two stages without a join and without knowing their types.
 *
 * @param <IN> the frame record arriving, keyed by camera
 * @param <OUT> the frame record leaving, with track ids
 */
public interface FrameTracking<IN, OUT> extends Serializable {

    /** The frame's faces in the order {@link #withTracks} will get their tracks. */
    FrameDetections detections(IN frame);

    /** {@code frame} with {@code tracks} (aligned with {@link #detections}) attached. */
    OUT withTracks(IN frame, FrameTracks tracks);

    /** The type of {@code OUT}, so Flink picks its serializer without reflection on generics. */
    TypeInformation<OUT> outputType();

    /** The tracker's own records in and out: for tests and for a pipeline that joins by itself. */
    static FrameTracking<FrameDetections, FrameTracks> plain() {
        return new PlainFrameTracking();
    }
}
