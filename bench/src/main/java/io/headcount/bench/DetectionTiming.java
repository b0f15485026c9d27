package io.headcount.bench;

import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.frame.BgrImage;
import java.util.List;

/**
 * The job's detection stage on decoded frames, end to end as OpenCV's peer is timed: letterbox
 * (resize and pad), tensor fill, YuNet in ONNX Runtime, decoding and NMS.
 */
public final class DetectionTiming {

    private DetectionTiming() {}

    /**
     * @param warmup frames run first without timing (JIT, ORT's first-run allocations)
     * @param passes times each frame is timed
     * @return milliseconds per frame, and the faces found in the last pass
     */
    public static Result measure(
            YuNetDetector detector, List<BgrImage> images, int warmup, int passes) {
        for (int i = 0; i < warmup; i++) {
            detector.detect(images.get(i % images.size()));
        }
        Samples millis = new Samples();
        int faces = 0;
        for (int pass = 0; pass < passes; pass++) {
            faces = 0;
            for (BgrImage image : images) {
                long start = System.nanoTime();
                faces += detector.detect(image).size();
                millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        return new Result(millis, faces);
    }

    /**
     * @param millis per frame
     * @param faces faces found in one pass over the frames
     */
    public record Result(Samples millis, int faces) {

        /** Both runs' times; the faces of one pass (they are the same in every pass). */
        public Result plus(Result other) {
            return new Result(millis.plus(other.millis), faces);
        }
    }
}
