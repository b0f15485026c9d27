package io.headcount.inference.functions;

import io.headcount.inference.records.DetectedFrame;
import io.headcount.inference.records.FrameInfo;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.track.Detection;
import io.headcount.vision.track.FrameDetections;
import io.headcount.vision.track.FrameTracks;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Puts {@code track-faces} between {@code detect-faces} and {@code describe-faces}: each face's box
 * and score go to the tracker (with the frame size, for faces cut by the frame's edge), and the
 * track ids come back into the same frame record, in face order, with its pixels (describing needs
 * them and the tracks). A frame without faces and an end of stream go through as empty detections:
 * that is how tracks learn they were missed. A face that no track took (a low-score face kept only
 * for the tracker's second pass, {@link io.headcount.vision.attributes.MaskCorroboration}) goes no
 * further: it is no one's impression.
 */
public final class DetectedFrameTracking implements FrameTracking<DetectedFrame, DetectedFrame> {

    private static final long serialVersionUID = 1L;

    @Override
    public FrameDetections detections(DetectedFrame detected) {
        FrameInfo frame = detected.frame();
        DetectedFace[] faces = detected.faces();
        Detection[] detections = new Detection[faces.length];
        for (int i = 0; i < faces.length; i++) {
            FaceBox box = faces[i].box();
            detections[i] =
                    new Detection(box.x(), box.y(), box.width(), box.height(), faces[i].score());
        }
        return new FrameDetections(
                frame.site(),
                frame.camera(),
                frame.captureTime(),
                frame.sequence(),
                frame.width(),
                frame.height(),
                detections);
    }

    @Override
    public DetectedFrame withTracks(DetectedFrame detected, FrameTracks tracks) {
        if (tracks.size() != detected.faces().length) {
            throw new IllegalStateException(
                    tracks.size() + " tracks for " + detected.faces().length + " faces");
        }
        return detected.tracked(tracks.trackIds()).withoutUntrackedFaces();
    }

    @Override
    public TypeInformation<DetectedFrame> outputType() {
        return TypeInformation.of(DetectedFrame.class);
    }
}
