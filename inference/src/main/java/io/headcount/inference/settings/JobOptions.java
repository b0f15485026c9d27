package io.headcount.inference.settings;

import io.headcount.core.attributes.SiteAttributeSwitches;
import io.headcount.core.options.OptionValues;
import io.headcount.inference.functions.CameraRateLimit;
import io.headcount.inference.functions.CaptureTimeRule;
import io.headcount.inference.settings.KafkaOptions.StartingOffsets;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.DescribeBudgetSettings;
import io.headcount.vision.attributes.MaskCorroboration;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.onnx.FrameBatching;
import io.headcount.vision.onnx.OnnxSettings;
import io.headcount.vision.settings.FaceAnalysisOptions;
import io.headcount.vision.track.TrackerSettings;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Settings of the inference job: the face analysis ({@link FaceAnalysisOptions}: models, runtime,
 * detector, quality, attributes, tracker) plus the job's own concerns, each with its keys in its
 * own class: {@link KafkaOptions}, {@link FrameGateOptions}, {@link CheckpointOptions}. Sources and
 * precedence are those of {@link OptionValues}: defaults, {@code --config FILE}, {@code
 * HEADCOUNT_*} environment variables, {@code --key value} arguments.
 */
public final class JobOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * The sites' attribute switches are {@code site.<site>.attributes.disabled} (no prefix, as the
     * job's other keys): {@link SiteAttributeSwitches}, read as the aggregation reads its own.
     */
    public static final String SITE_SWITCH_PREFIX = "";

    private final OptionValues values;
    private final FaceAnalysisOptions analysis;

    /** The {@code site.<site>.attributes.disabled} settings: not declared keys, sites are open. */
    private final Map<String, String> siteSwitchSettings;

    private final SiteAttributeSwitches siteSwitches;

    private JobOptions(OptionValues values, Map<String, String> siteSwitchSettings) {
        this.values = values;
        this.siteSwitchSettings = Collections.unmodifiableMap(new TreeMap<>(siteSwitchSettings));
        try {
            this.siteSwitches = SiteAttributeSwitches.read(SITE_SWITCH_PREFIX, siteSwitchSettings);
            this.analysis = FaceAnalysisOptions.of(values);
            for (String key :
                    List.of(
                            KafkaOptions.TRANSACTION_TIMEOUT_MS,
                            FrameGateOptions.FRAME_MAX_PIXELS,
                            CheckpointOptions.WATERMARK_OUT_OF_ORDERNESS_MS,
                            CheckpointOptions.WATERMARK_IDLENESS_MS,
                            CheckpointOptions.CHECKPOINT_INTERVAL_MS,
                            CheckpointOptions.RESTART_ATTEMPTS,
                            CheckpointOptions.RESTART_DELAY_MS,
                            CheckpointOptions.PARALLELISM)) {
                values.longValue(key);
            }
            startingOffsets();
            captureTimeRule();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "invalid inference options " + values + ": " + e.getMessage(), e);
        }
        exactlyOnce();
        bounded();
    }

    /** Defaults with the model folder located by {@code Assets} (shared/models). */
    public static JobOptions defaults() {
        return fromMap(Map.of());
    }

    /**
     * Defaults overridden by {@code overrides}; unknown keys are refused, except the sites'
     * attribute switches ({@code site.<site>.attributes.disabled}).
     */
    public static JobOptions fromMap(Map<String, String> overrides) {
        Map<String, String> declared = new LinkedHashMap<>();
        Map<String, String> switches = new TreeMap<>();
        overrides.forEach(
                (key, value) ->
                        (SiteAttributeSwitches.isSwitch(SITE_SWITCH_PREFIX, key)
                                        ? switches
                                        : declared)
                                .put(key, value));
        return new JobOptions(
                OptionValues.of("inference option", defaultValues(), declared), switches);
    }

    /** Reads {@code --config FILE}, the environment and {@code --key value} pairs. */
    public static JobOptions fromArgs(String[] args) throws IOException {
        return fromArgs(args, System::getenv);
    }

    static JobOptions fromArgs(String[] args, Function<String, String> environment)
            throws IOException {
        return fromMap(OptionValues.collect(args, defaultValues().keySet(), environment));
    }

    /** A copy with one setting changed. */
    public JobOptions with(String key, String value) {
        if (SiteAttributeSwitches.isSwitch(SITE_SWITCH_PREFIX, key)) {
            Map<String, String> switches = new TreeMap<>(siteSwitchSettings);
            switches.put(key, value);
            return new JobOptions(values, switches);
        }
        return new JobOptions(values.with(key, value), siteSwitchSettings);
    }

    /** Every effective setting, for logging. */
    public Map<String, String> asMap() {
        Map<String, String> all = new TreeMap<>(values.asMap());
        all.putAll(siteSwitchSettings);
        return Collections.unmodifiableMap(all);
    }

    /** The attributes each site switched off: the job never computes them for its cameras. */
    public SiteAttributeSwitches siteSwitches() {
        return siteSwitches;
    }

    /** The face analysis part: models, runtime, detector, quality, attributes, tracker. */
    public FaceAnalysisOptions analysis() {
        return analysis;
    }

    public String bootstrapServers() {
        return values.string(KafkaOptions.BOOTSTRAP_SERVERS);
    }

    public String groupId() {
        return values.string(KafkaOptions.GROUP_ID);
    }

    public String transactionalIdPrefix() {
        return values.string(KafkaOptions.TRANSACTIONAL_ID_PREFIX);
    }

    public Duration transactionTimeout() {
        return values.millis(KafkaOptions.TRANSACTION_TIMEOUT_MS);
    }

    public String framesTopic() {
        return values.string(KafkaOptions.FRAMES_TOPIC);
    }

    public String observationsTopic() {
        return values.string(KafkaOptions.OBSERVATIONS_TOPIC);
    }

    public String framesProcessedTopic() {
        return values.string(KafkaOptions.FRAMES_PROCESSED_TOPIC);
    }

    public String deadLettersTopic() {
        return values.string(KafkaOptions.DEAD_LETTERS_TOPIC);
    }

    public String deadLetteredFramesTopic() {
        return values.string(KafkaOptions.DEAD_LETTERED_FRAMES_TOPIC);
    }

    public StartingOffsets startingOffsets() {
        return StartingOffsets.parse(values.string(KafkaOptions.STARTING_OFFSETS));
    }

    public boolean bounded() {
        return values.booleanValue(KafkaOptions.BOUNDED);
    }

    public boolean exactlyOnce() {
        return KafkaOptions.exactlyOnce(values.string(KafkaOptions.DELIVERY_GUARANTEE));
    }

    public Path modelsDirectory() {
        return analysis.modelsDirectory();
    }

    /** The model manifest this job uses. */
    public ModelManifest manifest() {
        return analysis.manifest();
    }

    /** The model set name and version from the manifest, e.g. {@code default-2026.12}. */
    public String modelSet() {
        return analysis.modelSet();
    }

    public OnnxSettings onnx(String role) {
        return analysis.onnx(role);
    }

    public List<String> attributeHeads() {
        return analysis.attributeHeads();
    }

    public AttributeSettings attributes() {
        return analysis.attributes();
    }

    public DetectorSettings detector() {
        return analysis.detector();
    }

    /** The mask detector's second opinion on faces the detector scored low. */
    public MaskCorroboration maskCorroboration() {
        return analysis.maskCorroboration();
    }

    /** Frames per detector run across cameras (off on the CPU unless set). */
    public FrameBatching detectorBatching() {
        return analysis.detectorBatching();
    }

    /** Frames per run of the attribute heads across cameras (off on the CPU unless set). */
    public FrameBatching describeBatching() {
        return analysis.describeBatching();
    }

    public TrackerSettings tracker() {
        return analysis.tracker();
    }

    /** How often the attribute heads run per track. */
    public DescribeBudgetSettings describeBudget() {
        return analysis.describeBudget();
    }

    public long frameMaxPixels() {
        return values.longValue(FrameGateOptions.FRAME_MAX_PIXELS);
    }

    /** Which capture times the decode stage accepts. */
    public CaptureTimeRule captureTimeRule() {
        return new CaptureTimeRule(
                values.millis(FrameGateOptions.FRAME_MAX_FUTURE_SKEW_MS),
                Instant.parse(values.string(FrameGateOptions.FRAME_HORIZON)));
    }

    /** How many frames per second of capture time a camera may send. */
    public CameraRateLimit cameraRateLimit() {
        return new CameraRateLimit(values.intValue(FrameGateOptions.FRAME_MAX_PER_SECOND));
    }

    public Duration outOfOrderness() {
        return values.millis(CheckpointOptions.WATERMARK_OUT_OF_ORDERNESS_MS);
    }

    public Duration idleness() {
        return values.millis(CheckpointOptions.WATERMARK_IDLENESS_MS);
    }

    /** Zero when checkpoints are off. */
    public Duration checkpointInterval() {
        return values.millis(CheckpointOptions.CHECKPOINT_INTERVAL_MS);
    }

    public int restartAttempts() {
        return values.intValue(CheckpointOptions.RESTART_ATTEMPTS);
    }

    public Duration restartDelay() {
        return values.millis(CheckpointOptions.RESTART_DELAY_MS);
    }

    public int parallelism() {
        return values.intValue(CheckpointOptions.PARALLELISM);
    }

    @Override
    public String toString() {
        return "JobOptions" + asMap();
    }

    /** Every key of the job with its default. */
    public static Map<String, String> defaultValues() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.putAll(KafkaOptions.defaults());
        defaults.putAll(FaceAnalysisOptions.defaultValues());
        defaults.putAll(FrameGateOptions.defaults());
        defaults.putAll(CheckpointOptions.defaults());
        return Collections.unmodifiableMap(defaults);
    }
}
