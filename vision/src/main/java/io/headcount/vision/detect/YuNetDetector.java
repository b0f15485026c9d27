package io.headcount.vision.detect;

import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.onnx.OnnxModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Finds faces in a frame: {@link Letterbox} → YuNet in ONNX Runtime → {@link YuNetDecoder}. Holds a
 * native session: open it once per task and close it when the task ends.
 */
public final class YuNetDetector implements AutoCloseable {

    private final Letterbox letterbox;
    private final YuNetDecoder decoder;
    private final OnnxModel model;

    /** The last frame's input tensor, reused for the next one (taken while in use). */
    private final AtomicReference<float[]> spareInput = new AtomicReference<>();

    private YuNetDetector(Letterbox letterbox, YuNetDecoder decoder, OnnxModel model) {
        this.letterbox = letterbox;
        this.decoder = decoder;
        this.model = model;
    }

    /**
     * @throws io.headcount.vision.onnx.ModelLoadException if the model is missing, altered or not
     *     YuNet
     */
    public static YuNetDetector open(DetectorSettings settings) {
        Letterbox letterbox = letterboxFor(settings);
        YuNetDecoder decoder = new YuNetDecoder(settings.scoreThreshold(), settings.nmsIou());
        OnnxModel model =
                OnnxModel.load(
                        settings.model(), Path.of(settings.modelDirectory()), settings.onnx());
        return new YuNetDetector(letterbox, decoder, model);
    }

    /** Model name and checksum prefix, e.g. {@code yunet-n@104ee26c71d5}. */
    public String modelVersion() {
        return model.spec().version();
    }

    /** The detector's input geometry for {@code settings}: to letterbox a frame ahead of time. */
    public static Letterbox letterboxFor(DetectorSettings settings) {
        return new Letterbox(settings.longestSide());
    }

    /** Faces in {@code frame}, in frame pixels, best score first. */
    public List<DetectedFace> detect(BgrImage frame) {
        return detect(frame, null);
    }

    /**
     * As {@link #detect(BgrImage)}, on {@code prepared} = {@link #letterboxFor} this detector's
     * settings applied to {@code frame} ahead of time; null to letterbox here.
     */
    public List<DetectedFace> detect(BgrImage frame, LetterboxTensor prepared) {
        LetterboxTensor tensor =
                prepared != null ? prepared : letterbox.apply(frame, spareInput.getAndSet(null));
        YuNetOutputs outputs = run(tensor);
        if (prepared == null) {
            spareInput.set(tensor.data());
        }
        return decoder.decode(
                outputs, tensor.scaleX(), tensor.scaleY(), frame.width(), frame.height());
    }

    /** The raw model outputs for a letterboxed frame (benchmarks time the decoding on them). */
    public YuNetOutputs run(LetterboxTensor tensor) {
        Map<String, float[]> raw = model.run(YuNetModel.INPUT, tensor.data(), tensor.shape());
        List<YuNetOutputs.Stride> strides = new ArrayList<>();
        for (int stride : YuNetModel.STRIDES) {
            strides.add(
                    new YuNetOutputs.Stride(
                            stride,
                            raw.get(YuNetModel.output("cls", stride)),
                            raw.get(YuNetModel.output("obj", stride)),
                            raw.get(YuNetModel.output("bbox", stride)),
                            raw.get(YuNetModel.output("kps", stride))));
        }
        return new YuNetOutputs(tensor.width(), tensor.height(), strides);
    }

    /** Releases the native session; later calls do nothing. */
    @Override
    public void close() {
        model.close();
    }
}
