package io.headcount.inference.functions;

import io.headcount.vision.track.FrameDetections;
import io.headcount.vision.track.FrameTracks;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** {@link FrameDetections} in, {@link FrameTracks} out. */
final class PlainFrameTracking implements FrameTracking<FrameDetections, FrameTracks> {

    private static final long serialVersionUID = 1L;

    @Override
    public FrameDetections detections(FrameDetections frame) {
        return frame;
    }

    @Override
    public FrameTracks withTracks(FrameDetections frame, FrameTracks tracks) {
        return tracks;
    }

    @Override
    public TypeInformation<FrameTracks> outputType() {
        return TypeInformation.of(FrameTracks.class);
    }
}
