package io.headcount.vision.detect;

import io.headcount.vision.onnx.ModelSpec;
import io.headcount.vision.onnx.OnnxSettings;
import java.io.Serializable;
import java.util.Objects;

/**
 * Everything needed to open a face detector on a task; serializable so Flink functions can carry it
 * and open the native session where they run.
 *
 * @param model the model contract (file, checksum, tensor names)
 * @param modelDirectory folder holding the model file, as a string so it serializes everywhere
 * @param longestSide longest tensor side the frame is scaled down to (multiple of 32)
 * @param scoreThreshold minimum detection score
 * @param nmsIou overlap above which the weaker of two faces is dropped
 * @param onnx ONNX Runtime session settings
 */
public record DetectorSettings(
        ModelSpec model,
        String modelDirectory,
        int longestSide,
        float scoreThreshold,
        float nmsIou,
        OnnxSettings onnx)
        implements Serializable {

    public DetectorSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(modelDirectory, "modelDirectory");
        Objects.requireNonNull(onnx, "onnx");
        new Letterbox(longestSide);
        new YuNetDecoder(scoreThreshold, nmsIou);
    }

    /** YuNet-n with the default size, threshold and NMS, from {@code modelDirectory}. */
    public static DetectorSettings yunet(String modelDirectory) {
        return new DetectorSettings(
                YuNetModel.SPEC,
                modelDirectory,
                Letterbox.DEFAULT_LONGEST_SIDE,
                YuNetDecoder.DEFAULT_SCORE_THRESHOLD,
                YuNetDecoder.DEFAULT_NMS_IOU,
                OnnxSettings.defaults());
    }

    public DetectorSettings withLongestSide(int side) {
        return new DetectorSettings(model, modelDirectory, side, scoreThreshold, nmsIou, onnx);
    }

    public DetectorSettings withScoreThreshold(float threshold) {
        return new DetectorSettings(model, modelDirectory, longestSide, threshold, nmsIou, onnx);
    }

    public DetectorSettings withOnnx(OnnxSettings settings) {
        return new DetectorSettings(
                model, modelDirectory, longestSide, scoreThreshold, nmsIou, settings);
    }
}
