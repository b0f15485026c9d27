package io.headcount.vision.settings;

import io.headcount.core.options.OptionValues;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.DescribeBudgetSettings;
import io.headcount.vision.attributes.MaskCorroboration;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.onnx.FrameBatching;
import io.headcount.vision.onnx.OnnxSettings;
import io.headcount.vision.quality.QualitySettings;
import io.headcount.vision.track.TrackerSettings;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of the face analysis, whoever runs it (the Flink job, eval, training, the bench): the
 * model set and its runtime ({@link ModelOptions}), the detector ({@link DetectorOptions}), the
 * attribute heads and quality gates ({@link AttributeOptions}) and the tracker ({@link
 * TrackerOptions}). Read through {@link OptionValues}, so the same keys work as arguments,
 * properties and {@code HEADCOUNT_*} environment variables.
 */
public final class FaceAnalysisOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    private final OptionValues values;

    private FaceAnalysisOptions(OptionValues values) {
        this.values = values;
        detector();
        detectorBatching();
        maskCorroboration();
        attributes();
        tracker();
        describeBudget();
        describeBatching();
    }

    /** Defaults with the model folder located by {@code Assets} (shared/models). */
    public static FaceAnalysisOptions defaults() {
        return fromMap(Map.of());
    }

    /** Defaults overridden by {@code overrides}; unknown keys are refused. */
    public static FaceAnalysisOptions fromMap(Map<String, String> overrides) {
        return of(OptionValues.of("face analysis option", defaultValues(), overrides));
    }

    /**
     * The face analysis part of {@code values}, which hold at least the keys of {@link
     * #defaultValues()}.
     */
    public static FaceAnalysisOptions of(OptionValues values) {
        return new FaceAnalysisOptions(values);
    }

    /** A copy with one setting changed. */
    public FaceAnalysisOptions with(String key, String value) {
        return new FaceAnalysisOptions(values.with(key, value));
    }

    public Path modelsDirectory() {
        return ModelOptions.modelsDirectory(values);
    }

    /** The model manifest in use. */
    public ModelManifest manifest() {
        return ModelOptions.manifest(values);
    }

    /** The model set name and version from the manifest, e.g. {@code default-2026.12}. */
    public String modelSet() {
        return manifest().modelSet();
    }

    /** Session settings of a model role: {@code onnx.<role>.*} where set, else {@code onnx.*}. */
    public OnnxSettings onnx(String role) {
        return ModelOptions.onnx(values, role);
    }

    public DetectorSettings detector() {
        return DetectorOptions.detector(values);
    }

    /**
     * The mask detector's second opinion on faces the detector scored low: {@code
     * detector.score-threshold} and {@code detector.corroborated-score}.
     */
    public MaskCorroboration maskCorroboration() {
        return DetectorOptions.corroboration(values);
    }

    /** Frames per detector run across cameras: the {@code detector.batch-*} options. */
    public FrameBatching detectorBatching() {
        return DetectorOptions.batching(values);
    }

    /**
     * Frames per run of the attribute heads across cameras: the {@code attributes.batch-*} options.
     */
    public FrameBatching describeBatching() {
        return AttributeOptions.batching(values);
    }

    /** The configured attribute heads, in order. */
    public List<String> attributeHeads() {
        return AttributeOptions.heads(values);
    }

    public QualitySettings quality() {
        return AttributeOptions.quality(values);
    }

    public AttributeSettings attributes() {
        return AttributeOptions.attributes(values);
    }

    /** The motion tracker's settings: ByteTrack's defaults with the {@code tracker.*} options. */
    public TrackerSettings tracker() {
        return TrackerOptions.tracker(values);
    }

    /** How often the attribute heads run per track: the {@code attributes.describe-*} options. */
    public DescribeBudgetSettings describeBudget() {
        return DescribeBudgetOptions.describeBudget(values);
    }

    @Override
    public String toString() {
        return "FaceAnalysisOptions" + values;
    }

    /**
     * Every key of the face analysis with its default; the model folder is located anew each time
     * (system property, environment, shared folder).
     */
    public static Map<String, String> defaultValues() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.putAll(ModelOptions.defaults());
        defaults.putAll(AttributeOptions.defaults());
        defaults.putAll(DetectorOptions.defaults());
        defaults.putAll(TrackerOptions.defaults());
        defaults.putAll(DescribeBudgetOptions.defaults());
        return Collections.unmodifiableMap(defaults);
    }
}
