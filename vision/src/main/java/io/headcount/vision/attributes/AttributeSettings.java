package io.headcount.vision.attributes;

import io.headcount.vision.models.ModelEntry;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.onnx.OnnxModel;
import io.headcount.vision.onnx.OnnxSettings;
import io.headcount.vision.quality.QualitySettings;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything needed to open the attribute heads on a task; serializable so the Flink function can
 * carry it and open the native sessions where it runs.
 *
 * @param manifest the model set
 * @param modelDirectory folder holding the model files
 * @param heads head names in order (see {@link AttributeHeads#NAMES}); empty = no attributes
 * @param maxBatch most faces per model call; a frame with more is split
 * @param quality thresholds below which a face gets no attributes
 * @param onnx session settings per role (a role without an entry uses {@code defaultOnnx})
 * @param defaultOnnx session settings of roles without their own
 * @param cropScale crop side as a multiple of the longer box side
 * @param ageSigma standard deviation of the age error in years ({@link AgeGroups})
 */
public record AttributeSettings(
        ModelManifest manifest,
        String modelDirectory,
        List<String> heads,
        int maxBatch,
        QualitySettings quality,
        Map<String, OnnxSettings> onnx,
        OnnxSettings defaultOnnx,
        float cropScale,
        float ageSigma)
        implements Serializable {

    public static final int DEFAULT_MAX_BATCH = 32;

    public AttributeSettings {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(modelDirectory, "modelDirectory");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(defaultOnnx, "defaultOnnx");
        heads =
                heads.stream()
                        .filter(
                                head ->
                                        !AttributeHeads.OPTIONAL.contains(head)
                                                || manifest.models().containsKey(head))
                        .toList();
        for (String head : heads) {
            AttributeHeads.requireKnown(head);
            manifest.model(head);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maximum batch must be at least 1: " + maxBatch);
        }
        onnx = new TreeMap<>(onnx);
        new AgeGroups(ageSigma);
        new FaceCrop(1, cropScale);
    }

    /** Every head, default thresholds, one CPU thread per model. */
    public static AttributeSettings defaults(ModelManifest manifest, String modelDirectory) {
        return new AttributeSettings(
                manifest,
                modelDirectory,
                AttributeHeads.NAMES,
                DEFAULT_MAX_BATCH,
                QualitySettings.defaults(),
                Map.of(),
                OnnxSettings.defaults(),
                FaceCrop.DEFAULT_SCALE,
                AgeGroups.DEFAULT_SIGMA);
    }

    public AttributeSettings withHeads(List<String> names) {
        return new AttributeSettings(
                manifest,
                modelDirectory,
                names,
                maxBatch,
                quality,
                onnx,
                defaultOnnx,
                cropScale,
                ageSigma);
    }

    public AttributeSettings withMaxBatch(int batch) {
        return new AttributeSettings(
                manifest,
                modelDirectory,
                heads,
                batch,
                quality,
                onnx,
                defaultOnnx,
                cropScale,
                ageSigma);
    }

    public AttributeSettings withQuality(QualitySettings thresholds) {
        return new AttributeSettings(
                manifest,
                modelDirectory,
                heads,
                maxBatch,
                thresholds,
                onnx,
                defaultOnnx,
                cropScale,
                ageSigma);
    }

    public AttributeSettings withDefaultOnnx(OnnxSettings settings) {
        return new AttributeSettings(
                manifest,
                modelDirectory,
                heads,
                maxBatch,
                quality,
                onnx,
                settings,
                cropScale,
                ageSigma);
    }

    /** The session settings of a role. */
    public OnnxSettings onnxOf(String role) {
        return onnx.getOrDefault(role, defaultOnnx);
    }

    /**
     * Loads the model of {@code entry} with its role's session settings (checksum and contract
     * checked).
     */
    OnnxModel load(ModelEntry entry) {
        return OnnxModel.load(entry.spec(), Path.of(modelDirectory), onnxOf(entry.role()));
    }
}
