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

    /**
     * Faces in each of {@code frames}, found in one run of the model over all of them (a batch):
     * the same faces as {@link #detect(BgrImage, LetterboxTensor)} frame by frame, at one call's
     * overhead, which is what a GPU needs to be kept busy.
     *
     * @param frames the frames, in order
     * @param prepared each frame's letterboxed tensor ({@link #letterboxFor}), or null entries to
     *     letterbox here; every tensor of one call must have the same width and height
     * @return per frame, its faces in frame pixels, best score first
     * @throws IllegalArgumentException if the tensors differ in size
     */
    public List<List<DetectedFace>> detectAll(
            List<BgrImage> frames, List<LetterboxTensor> prepared) {
        if (frames.size() != prepared.size()) {
            throw new IllegalArgumentException(
                    frames.size() + " frames but " + prepared.size() + " tensors");
        }
        if (frames.size() == 1) {
            return List.of(detect(frames.get(0), prepared.get(0)));
        }
        List<LetterboxTensor> tensors = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            LetterboxTensor tensor = prepared.get(i);
            tensors.add(tensor != null ? tensor : letterbox.apply(frames.get(i)));
        }
        LetterboxTensor first = tensors.get(0);
        int size = first.data().length;
        float[] batch = new float[size * tensors.size()];
        for (int i = 0; i < tensors.size(); i++) {
            LetterboxTensor tensor = tensors.get(i);
            if (tensor.width() != first.width() || tensor.height() != first.height()) {
                throw new IllegalArgumentException(
                        "a batch needs tensors of one size: "
                                + first.width()
                                + "x"
                                + first.height()
                                + " and "
                                + tensor.width()
                                + "x"
                                + tensor.height());
            }
            System.arraycopy(tensor.data(), 0, batch, i * size, size);
        }
        long[] shape = first.shape();
        shape[0] = tensors.size();
        Map<String, float[]> raw = model.run(YuNetModel.INPUT, batch, shape);
        List<List<DetectedFace>> faces = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            LetterboxTensor tensor = tensors.get(i);
            YuNetOutputs outputs = outputs(tensor, raw, i, tensors.size());
            BgrImage frame = frames.get(i);
            faces.add(
                    decoder.decode(
                            outputs,
                            tensor.scaleX(),
                            tensor.scaleY(),
                            frame.width(),
                            frame.height()));
        }
        return faces;
    }

    /** The raw model outputs for a letterboxed frame (benchmarks time the decoding on them). */
    public YuNetOutputs run(LetterboxTensor tensor) {
        Map<String, float[]> raw = model.run(YuNetModel.INPUT, tensor.data(), tensor.shape());
        return outputs(tensor, raw, 0, 1);
    }

    /** The outputs of frame {@code index} of a batch of {@code batchSize} equal-sized frames. */
    private static YuNetOutputs outputs(
            LetterboxTensor tensor, Map<String, float[]> raw, int index, int batchSize) {
        List<YuNetOutputs.Stride> strides = new ArrayList<>();
        for (int stride : YuNetModel.STRIDES) {
            strides.add(
                    new YuNetOutputs.Stride(
                            stride,
                            slice(raw.get(YuNetModel.output("cls", stride)), index, batchSize),
                            slice(raw.get(YuNetModel.output("obj", stride)), index, batchSize),
                            slice(raw.get(YuNetModel.output("bbox", stride)), index, batchSize),
                            slice(raw.get(YuNetModel.output("kps", stride)), index, batchSize)));
        }
        return new YuNetOutputs(tensor.width(), tensor.height(), strides);
    }

    private static float[] slice(float[] batch, int index, int batchSize) {
        if (batchSize == 1) {
            return batch;
        }
        int size = batch.length / batchSize;
        return java.util.Arrays.copyOfRange(batch, index * size, (index + 1) * size);
    }

    /** Releases the native session; later calls do nothing. */
    @Override
    public void close() {
        model.close();
    }
}
