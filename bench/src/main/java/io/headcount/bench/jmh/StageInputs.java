package io.headcount.bench.jmh;

import io.headcount.bench.BenchFrame;
import io.headcount.bench.BenchFrames;
import io.headcount.vision.attributes.FrameMasks;
import io.headcount.vision.attributes.FrameResize;
import io.headcount.vision.attributes.MaskHead;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.Letterbox;
import io.headcount.vision.detect.LetterboxTensor;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.detect.YuNetOutputs;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.settings.FaceAnalysisOptions;
import io.headcount.vision.track.Detection;
import io.headcount.vision.track.FrameDetections;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The inputs of every stage, made once per benchmark from the synthetic camera: JPEG bytes, the
 * decoded frames, their letterbox tensors, YuNet's raw outputs, the faces found and the tracker's
 * detections. Each benchmark cycles through the frames so no single frame's luck decides.
 */
@State(Scope.Benchmark)
public class StageInputs {

    @Param({"1280"})
    public int width;

    @Param({"720"})
    public int height;

    @Param({"3"})
    public int faces;

    /** Distinct frames cycled through. */
    @Param({"16"})
    public int frames;

    public FaceAnalysisOptions options;
    public List<BenchFrame> jpegs;
    public List<BgrImage> images;
    public Letterbox letterbox;

    /** The mask detector's whole-frame input (UltraFace, 640x480), made on the decoding thread. */
    public FrameResize maskInput;

    public List<LetterboxTensor> tensors;
    public List<YuNetOutputs> outputs;
    public List<DetectedFace[]> detections;
    public List<FrameDetections> trackerInput;

    /** The mask detector's findings on each frame, as the decoding thread makes them. */
    public List<FrameMasks> masks;

    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        options = FaceAnalysisOptions.defaults();
        jpegs =
                BenchFrames.synthetic(
                        BenchFrames.defaultManifest(), width, height, faces, frames, 1);
        images = BenchFrames.decode(jpegs);
        letterbox = new Letterbox(options.detector().longestSide());
        maskInput = MaskHead.inputResize(options.attributes().manifest().model(MaskHead.ROLE));
        tensors = new ArrayList<>();
        outputs = new ArrayList<>();
        detections = new ArrayList<>();
        trackerInput = new ArrayList<>();
        masks = new ArrayList<>();
        try (MaskHead mask =
                MaskHead.open(
                        options.attributes().manifest().model(MaskHead.ROLE),
                        options.attributes())) {
            for (BgrImage image : images) {
                masks.add(mask.detect(image));
            }
        }
        try (YuNetDetector detector = YuNetDetector.open(options.detector())) {
            for (int i = 0; i < images.size(); i++) {
                LetterboxTensor tensor = letterbox.apply(images.get(i));
                tensors.add(tensor);
                outputs.add(detector.run(tensor));
                DetectedFace[] found = detector.detect(images.get(i)).toArray(DetectedFace[]::new);
                detections.add(found);
                Detection[] boxes = new Detection[found.length];
                for (int j = 0; j < found.length; j++) {
                    var box = found[j].box();
                    boxes[j] =
                            new Detection(
                                    box.x(), box.y(), box.width(), box.height(), found[j].score());
                }
                trackerInput.add(
                        new FrameDetections(
                                "bench",
                                "camera",
                                jpegs.get(i).captureTime().toEpochMilli(),
                                i,
                                width,
                                height,
                                boxes));
            }
        }
    }

    /** The index of the next frame to use, cycling. */
    public int nextIndex() {
        int index = next;
        next = (next + 1) % images.size();
        return index;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        images = null;
        tensors = null;
    }
}
