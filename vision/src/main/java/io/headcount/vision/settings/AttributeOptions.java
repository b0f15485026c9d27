package io.headcount.vision.settings;

import io.headcount.core.options.OptionValues;
import io.headcount.vision.attributes.AgeGroups;
import io.headcount.vision.attributes.AttributeHeads;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.FaceCrop;
import io.headcount.vision.onnx.FrameBatching;
import io.headcount.vision.onnx.OnnxSettings;
import io.headcount.vision.quality.QualitySettings;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The attribute heads and the quality a face needs to get them: {@code attributes.*}, {@code
 * quality.*}.
 */
public final class AttributeOptions {

    /**
     * Attribute heads, comma-separated, in any subset of {@code sex-age,sex,expression,mask}; empty
     * = none. {@code sex} (FaceRes) runs only where the model set declares it.
     */
    public static final String ATTRIBUTE_HEADS = "attributes.heads";

    /** Most faces per attribute model call; a frame with more faces is split. Default 32. */
    public static final String ATTRIBUTE_MAX_BATCH = "attributes.max-batch";

    /** Crop side as a multiple of the longer box side. Default 1.0 (see FaceCrop.DEFAULT_SCALE). */
    public static final String ATTRIBUTE_CROP_SCALE = "attributes.crop-scale";

    /** Standard deviation of the age error in years, for the age-group distribution. Default 6. */
    public static final String ATTRIBUTE_AGE_SIGMA = "attributes.age-sigma";

    /** Faces with a shorter side below this (px) get no attributes (still emitted). Default 24. */
    /**
     * Frames whose picked faces go through the heads together, across cameras: a whole number, or
     * {@code auto} (the default): {@value
     * io.headcount.vision.onnx.FrameBatching#CUDA_DEFAULT_FRAMES} where a head runs on CUDA, 1
     * (each frame as it comes) on the CPU.
     */
    public static final String ATTRIBUTE_BATCH_FRAMES = "attributes.batch-frames";

    /** Longest wait of a batch's first frame for more frames. Default 20 ms. */
    public static final String ATTRIBUTE_BATCH_WAIT = "attributes.batch-wait";

    public static final String QUALITY_MIN_FACE_SIZE = "quality.min-face-size";

    /** Faces with a lower variance of the Laplacian get no attributes. Default 5. */
    public static final String QUALITY_MIN_SHARPNESS = "quality.min-sharpness";

    /** Faces turned further than this (degrees, estimated yaw) get no attributes. Default 50. */
    public static final String QUALITY_MAX_ABS_YAW = "quality.max-abs-yaw";

    private AttributeOptions() {}

    static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(ATTRIBUTE_HEADS, String.join(",", AttributeHeads.NAMES));
        defaults.put(ATTRIBUTE_MAX_BATCH, Integer.toString(AttributeSettings.DEFAULT_MAX_BATCH));
        defaults.put(ATTRIBUTE_CROP_SCALE, Float.toString(FaceCrop.DEFAULT_SCALE));
        defaults.put(ATTRIBUTE_AGE_SIGMA, Float.toString(AgeGroups.DEFAULT_SIGMA));
        defaults.put(ATTRIBUTE_BATCH_FRAMES, FrameBatching.AUTO);
        defaults.put(ATTRIBUTE_BATCH_WAIT, FrameBatching.DEFAULT_WAIT.toMillis() + "ms");
        defaults.put(QUALITY_MIN_FACE_SIZE, Float.toString(QualitySettings.DEFAULT_MIN_FACE_SIZE));
        defaults.put(QUALITY_MIN_SHARPNESS, Float.toString(QualitySettings.DEFAULT_MIN_SHARPNESS));
        defaults.put(QUALITY_MAX_ABS_YAW, Float.toString(QualitySettings.DEFAULT_MAX_ABS_YAW));
        return defaults;
    }

    /** The configured attribute heads, in order. */
    static List<String> heads(OptionValues values) {
        return Arrays.stream(values.string(ATTRIBUTE_HEADS).split(","))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .toList();
    }

    static QualitySettings quality(OptionValues values) {
        return new QualitySettings(
                values.floatValue(QUALITY_MIN_FACE_SIZE),
                values.floatValue(QUALITY_MIN_SHARPNESS),
                values.floatValue(QUALITY_MAX_ABS_YAW));
    }

    /** Frames per run of the heads across cameras: {@code auto} batches where a head is on CUDA. */
    static FrameBatching batching(OptionValues values) {
        boolean cuda =
                heads(values).stream()
                        .anyMatch(
                                role ->
                                        ModelOptions.onnx(values, role).executionProvider()
                                                == OnnxSettings.ExecutionProvider.CUDA);
        return FrameBatching.parse(
                values.string(ATTRIBUTE_BATCH_FRAMES),
                values.duration(ATTRIBUTE_BATCH_WAIT),
                cuda,
                ATTRIBUTE_BATCH_FRAMES);
    }

    static AttributeSettings attributes(OptionValues values) {
        Map<String, io.headcount.vision.onnx.OnnxSettings> perRole = new TreeMap<>();
        for (String role : heads(values)) {
            perRole.put(role, ModelOptions.onnx(values, role));
        }
        return new AttributeSettings(
                ModelOptions.manifest(values),
                values.string(ModelOptions.MODELS_DIR),
                heads(values),
                values.intValue(ATTRIBUTE_MAX_BATCH),
                quality(values),
                perRole,
                ModelOptions.onnx(values, ModelOptions.DEFAULT_ROLE),
                values.floatValue(ATTRIBUTE_CROP_SCALE),
                values.floatValue(ATTRIBUTE_AGE_SIGMA));
    }
}
