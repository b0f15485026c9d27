package io.headcount.bench.jmh;

import io.headcount.bench.BenchFrame;
import io.headcount.vision.attributes.FaceBatch;
import io.headcount.vision.attributes.FaceCrop;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.detect.LetterboxTensor;
import io.headcount.vision.detect.YuNetDecoder;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.frame.FrameDecoder;
import io.headcount.vision.frame.FrameRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pure-Java stages of the hot path, one frame per call: JPEG decoding, letterbox and tensor
 * fill, YuNet decoding with NMS, and the attribute crops. Average time per frame.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class HotPathBenchmarks {

    private FrameDecoder decoder;
    private YuNetDecoder yunet;

    @Setup
    public void setUp() {
        decoder = new FrameDecoder();
        yunet =
                new YuNetDecoder(
                        YuNetDecoder.DEFAULT_SCORE_THRESHOLD, YuNetDecoder.DEFAULT_NMS_IOU);
    }

    @Benchmark
    public BgrImage jpegDecode(StageInputs inputs) throws FrameRejectedException {
        BenchFrame frame = inputs.jpegs.get(inputs.nextIndex());
        return decoder.decode(frame.jpeg(), frame.width(), frame.height());
    }

    @Benchmark
    public LetterboxTensor letterboxAndTensorFill(StageInputs inputs) {
        return inputs.letterbox.apply(inputs.images.get(inputs.nextIndex()));
    }

    @Benchmark
    public float[] maskInputResize(StageInputs inputs) {
        return inputs.maskInput.apply(inputs.images.get(inputs.nextIndex()));
    }

    @Benchmark
    public List<DetectedFace> yunetDecodeAndNms(StageInputs inputs) {
        int i = inputs.nextIndex();
        LetterboxTensor tensor = inputs.tensors.get(i);
        BgrImage image = inputs.images.get(i);
        return yunet.decode(
                inputs.outputs.get(i),
                tensor.scaleX(),
                tensor.scaleY(),
                image.width(),
                image.height());
    }

    @Benchmark
    public float[] cropAndResize(StageInputs inputs) {
        int i = inputs.nextIndex();
        List<FaceBox> boxes = new ArrayList<>();
        for (DetectedFace face : inputs.detections.get(i)) {
            boxes.add(face.box());
        }
        float scale = inputs.options.attributes().cropScale();
        return new FaceBatch(inputs.images.get(i), boxes).crops(new FaceCrop(112, scale));
    }
}
