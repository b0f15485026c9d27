package io.headcount.vision.settings;

import io.headcount.core.options.OptionValues;
import io.headcount.vision.attributes.AgeGroups;
import io.headcount.vision.attributes.AttributeHeads;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.FaceCrop;
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
