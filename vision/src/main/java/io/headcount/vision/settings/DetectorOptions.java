package io.headcount.vision.settings;

import io.headcount.core.options.OptionValues;
import io.headcount.vision.attributes.MaskCorroboration;
import io.headcount.vision.attributes.RegionSearch;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.Letterbox;
import io.headcount.vision.detect.YuNetDecoder;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.onnx.FrameBatching;
import io.headcount.vision.onnx.OnnxSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/** The face detector: {@code detector.*}. */
public final class DetectorOptions {

    /** Longest tensor side frames are scaled down to; a multiple of 32. Default 640. */
    public static final String DETECTOR_LONGEST_SIDE = "detector.longest-side";

    /** Minimum face score. Default 0.6. */
    public static final String DETECTOR_SCORE_THRESHOLD = "detector.score-threshold";

    /**
     * The least score of a face that the mask detector's second opinion can lift to the score
     * threshold ({@link io.headcount.vision.attributes.MaskCorroboration}); the job only. Default
     * {@value io.headcount.vision.attributes.MaskCorroboration#DEFAULT_FLOOR}; equal to the score
     * threshold switches it off.
     */
    public static final String DETECTOR_CORROBORATED_SCORE = "detector.corroborated-score";

    /**
     * The most regions per frame searched again at the frame's own resolution, around mask findings
     * and the camera's last faces that no face of the frame explains ({@link
     * io.headcount.vision.attributes.RegionSearch}); the job only. Default {@value
     * io.headcount.vision.attributes.RegionSearch#DEFAULT_MAX_REGIONS}; 0 switches it off.
     */
    public static final String DETECTOR_SEARCH_REGIONS = "detector.search-regions";

    /** NMS overlap. Default 0.3. */
    public static final String DETECTOR_NMS_IOU = "detector.nms-iou";

    /**
     * Frames per detector run, across cameras: a whole number, or {@code auto} (the default):
     * {@value io.headcount.vision.onnx.FrameBatching#CUDA_DEFAULT_FRAMES} where the detector runs
     * on CUDA, 1 (no batching) on the CPU, where a batch measured no faster.
     */
    public static final String DETECTOR_BATCH_FRAMES = "detector.batch-frames";

    /** Longest wait of a batch's first frame for more frames. Default 20 ms. */
    public static final String DETECTOR_BATCH_WAIT = "detector.batch-wait";

    private DetectorOptions() {}

    static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(DETECTOR_LONGEST_SIDE, Integer.toString(Letterbox.DEFAULT_LONGEST_SIDE));
        defaults.put(
                DETECTOR_SCORE_THRESHOLD, Float.toString(YuNetDecoder.DEFAULT_SCORE_THRESHOLD));
        defaults.put(DETECTOR_CORROBORATED_SCORE, Float.toString(MaskCorroboration.DEFAULT_FLOOR));
        defaults.put(DETECTOR_SEARCH_REGIONS, Integer.toString(RegionSearch.DEFAULT_MAX_REGIONS));
        defaults.put(DETECTOR_NMS_IOU, Float.toString(YuNetDecoder.DEFAULT_NMS_IOU));
        defaults.put(DETECTOR_BATCH_FRAMES, FrameBatching.AUTO);
        defaults.put(DETECTOR_BATCH_WAIT, FrameBatching.DEFAULT_WAIT.toMillis() + "ms");
        return defaults;
    }

    static DetectorSettings detector(OptionValues values) {
        return new DetectorSettings(
                YuNetModel.fromManifest(ModelOptions.manifest(values).model(YuNetModel.ROLE)),
                values.string(ModelOptions.MODELS_DIR),
                values.intValue(DETECTOR_LONGEST_SIDE),
                values.floatValue(DETECTOR_SCORE_THRESHOLD),
                values.floatValue(DETECTOR_NMS_IOU),
                ModelOptions.onnx(values, YuNetModel.ROLE));
    }

    static MaskCorroboration corroboration(OptionValues values) {
        return new MaskCorroboration(
                values.floatValue(DETECTOR_SCORE_THRESHOLD),
                values.floatValue(DETECTOR_CORROBORATED_SCORE),
                values.floatValue(TrackerOptions.TRACKER_LOW_SCORE),
                values.floatValue(TrackerOptions.TRACKER_HIGH_SCORE),
                values.intValue(DETECTOR_SEARCH_REGIONS));
    }

    static FrameBatching batching(OptionValues values) {
        return FrameBatching.parse(
                values.string(DETECTOR_BATCH_FRAMES),
                values.duration(DETECTOR_BATCH_WAIT),
                ModelOptions.onnx(values, YuNetModel.ROLE).executionProvider()
                        == OnnxSettings.ExecutionProvider.CUDA,
                DETECTOR_BATCH_FRAMES);
    }
}
