package io.headcount.vision.settings;

import io.headcount.core.Assets;
import io.headcount.core.options.OptionValues;
import io.headcount.vision.attributes.AttributeHeads;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.onnx.OnnxSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Which models run and how ONNX Runtime runs them: {@code models.*} and {@code onnx.*}. */
public final class ModelOptions {

    /** Folder holding the model files. Default: {@link Assets} (shared/models). */
    public static final String MODELS_DIR = "models.dir";

    /**
     * The model manifest (model set name and version, every model's file, SHA-256 and contract): a
     * file path or {@code classpath:RESOURCE}. Default empty: {@code manifest.yaml} in the model
     * folder if there is one, else the shipped {@code models/default.yaml}.
     */
    public static final String MODELS_MANIFEST = "models.manifest";

    /** ONNX Runtime intra-op threads per task. Default 1 (scale with Flink parallelism). */
    public static final String ONNX_INTRA_OP_THREADS = "onnx.intra-op-threads";

    /** ONNX Runtime graph optimisation: NONE, BASIC, EXTENDED, ALL. Default ALL. */
    public static final String ONNX_OPTIMIZATION = "onnx.optimization";

    /**
     * {@code cpu} or {@code cuda}; CUDA needs the GPU build ({@code -Pgpu}) and a working CUDA
     * provider, else loading a model fails saying which is missing (never a silent CPU run).
     */
    public static final String ONNX_EXECUTION_PROVIDER = "onnx.execution-provider";

    /** CUDA device id. Default 0. */
    public static final String ONNX_CUDA_DEVICE = "onnx.cuda-device";

    /**
     * Roles that can have their own session settings: {@code onnx.<role>.intra-op-threads} and
     * {@code .optimization}.
     */
    public static final List<String> MODEL_ROLES = modelRoles();

    /** The role whose session settings are those of {@code onnx.*} alone. */
    static final String DEFAULT_ROLE = "default";

    private ModelOptions() {}

    static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(MODELS_DIR, Assets.fromEnvironment().models().toString());
        defaults.put(MODELS_MANIFEST, "");
        defaults.put(ONNX_INTRA_OP_THREADS, "1");
        defaults.put(ONNX_OPTIMIZATION, "ALL");
        defaults.put(ONNX_EXECUTION_PROVIDER, "cpu");
        defaults.put(ONNX_CUDA_DEVICE, "0");
        for (String role : MODEL_ROLES) {
            defaults.put(roleKey(role, "intra-op-threads"), "");
            defaults.put(roleKey(role, "optimization"), "");
        }
        return defaults;
    }

    /** e.g. {@code onnx.sex-age.intra-op-threads}. */
    public static String roleKey(String role, String setting) {
        return "onnx." + role + "." + setting;
    }

    static Path modelsDirectory(OptionValues values) {
        return Path.of(values.string(MODELS_DIR));
    }

    static ModelManifest manifest(OptionValues values) {
        return ModelManifest.locate(values.string(MODELS_MANIFEST), modelsDirectory(values));
    }

    /** Session settings of a model role: {@code onnx.<role>.*} where set, else {@code onnx.*}. */
    static OnnxSettings onnx(OptionValues values, String role) {
        String threads = "";
        String level = "";
        if (MODEL_ROLES.contains(role)) {
            threads = values.string(roleKey(role, "intra-op-threads"));
            level = values.string(roleKey(role, "optimization"));
        }
        return new OnnxSettings(
                threads.isBlank()
                        ? values.intValue(ONNX_INTRA_OP_THREADS)
                        : Integer.parseInt(threads),
                1,
                OnnxSettings.GraphOptimization.valueOf(
                        (level.isBlank() ? values.string(ONNX_OPTIMIZATION) : level)
                                .toUpperCase(Locale.ROOT)),
                OnnxSettings.ExecutionProvider.parse(values.string(ONNX_EXECUTION_PROVIDER)),
                values.intValue(ONNX_CUDA_DEVICE));
    }

    private static List<String> modelRoles() {
        List<String> roles = new ArrayList<>();
        roles.add(YuNetModel.ROLE);
        roles.addAll(AttributeHeads.NAMES);
        return List.copyOf(roles);
    }
}
