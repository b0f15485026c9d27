package io.headcount.inference;

import io.headcount.core.Assets;
import io.headcount.inference.detect.DetectorSettings;
import io.headcount.inference.detect.Letterbox;
import io.headcount.inference.detect.YuNetDecoder;
import io.headcount.inference.detect.YuNetModel;
import io.headcount.inference.frame.FrameDecoder;
import io.headcount.inference.onnx.OnnxSettings;
import io.headcount.inference.track.TrackerSettings;
import io.headcount.schemas.topics.Topics;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Settings of the inference job. Every key is a constant below with its default; unknown keys are
 * refused so that a typo fails at start-up instead of being ignored. Sources, lowest precedence
 * first: defaults, a properties file ({@code --config FILE}), environment variables ({@code
 * HEADCOUNT_} + the key in upper case with dots and dashes as underscores, e.g. {@code
 * HEADCOUNT_KAFKA_BOOTSTRAP_SERVERS}), then {@code --key value} arguments.
 */
public final class InferenceOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Kafka bootstrap servers. Default {@code localhost:9092}. */
    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";

    /** Consumer group of the frames source (offsets are committed on checkpoints). */
    public static final String GROUP_ID = "kafka.group.id";

    /** Prefix of the sinks' transactional ids; unique per job on a Kafka cluster. */
    public static final String TRANSACTIONAL_ID_PREFIX = "kafka.transactional-id-prefix";

    /**
     * Producer transaction timeout; must exceed the checkpoint interval and stay under the broker
     * maximum.
     */
    public static final String TRANSACTION_TIMEOUT_MS = "kafka.transaction-timeout.ms";

    /** Input topic. Default {@code frames}. */
    public static final String FRAMES_TOPIC = "topic.frames";

    /** Output topic. Default {@code face-observations}. */
    public static final String OBSERVATIONS_TOPIC = "topic.face-observations";

    /**
     * One record per processed frame (with or without faces, and per end of stream). Default {@code
     * frames-processed}.
     */
    public static final String FRAMES_PROCESSED_TOPIC = "topic.frames-processed";

    /** Dead-letter topic. Default {@code frames.dlq}. */
    public static final String DEAD_LETTERS_TOPIC = "topic.dead-letters";

    /**
     * Where to start without committed offsets: {@code committed} (else earliest), {@code
     * earliest}, {@code latest}.
     */
    public static final String STARTING_OFFSETS = "source.starting-offsets";

    /** {@code true}: read up to the end offsets seen at start, then finish (tests, replays). */
    public static final String BOUNDED = "source.bounded";

    /** {@code exactly-once} (transactions, committed on checkpoints) or {@code at-least-once}. */
    public static final String DELIVERY_GUARANTEE = "sink.delivery-guarantee";

    /** Folder holding the model files. Default: {@link Assets} (shared/models). */
    public static final String MODELS_DIR = "models.dir";

    /**
     * The model manifest (model set name and version, every model's file, SHA-256 and contract): a
     * file path or {@code classpath:RESOURCE}. Default empty: {@code manifest.yaml} in the model
     * folder if there is one, else the shipped {@code models/default.yaml}.
     */
    public static final String MODELS_MANIFEST = "models.manifest";

    /**
     * Attribute heads, comma-separated, in any subset of {@code sex-age,expression,mask}; empty =
     * none.
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

    /** Longest tensor side frames are scaled down to; a multiple of 32. Default 640. */
    public static final String DETECTOR_LONGEST_SIDE = "detector.longest-side";

    /** Minimum face score. Default 0.6. */
    public static final String DETECTOR_SCORE_THRESHOLD = "detector.score-threshold";

    /** NMS overlap. Default 0.3. */
    public static final String DETECTOR_NMS_IOU = "detector.nms-iou";

    /** Matched frames that confirm a tentative track. Default 3. */
    public static final String TRACKER_HITS_TO_CONFIRM = "tracker.hits-to-confirm";

    /** A confirmed track is deleted after more consecutive missed frames than this. Default 15. */
    public static final String TRACKER_MAX_MISSES = "tracker.max-misses";

    /**
     * A confirmed track is deleted when unseen for longer than this (event time); also how long a
     * camera's tracker state outlives its last frame. Default 3000.
     */
    public static final String TRACKER_MAX_LOST_MS = "tracker.max-lost.ms";

    /** Detections at or above this score are matched first and can start a track. Default 0.6. */
    public static final String TRACKER_HIGH_SCORE = "tracker.high-score";

    /**
     * Detections from this score up to the high score can only continue a track (ByteTrack's second
     * pass). Default 0.3; it only has an effect with {@link #DETECTOR_SCORE_THRESHOLD} below the
     * high score, since weaker faces never reach the tracker.
     */
    public static final String TRACKER_LOW_SCORE = "tracker.low-score";

    /** ONNX Runtime intra-op threads per task. Default 1 (scale with Flink parallelism). */
    public static final String ONNX_INTRA_OP_THREADS = "onnx.intra-op-threads";

    /** ONNX Runtime graph optimisation: NONE, BASIC, EXTENDED, ALL. Default ALL. */
    public static final String ONNX_OPTIMIZATION = "onnx.optimization";

    /**
     * {@code cpu} or {@code cuda}; CUDA falls back to CPU with one log line where it is not
     * available.
     */
    public static final String ONNX_EXECUTION_PROVIDER = "onnx.execution-provider";

    /** CUDA device id. Default 0. */
    public static final String ONNX_CUDA_DEVICE = "onnx.cuda-device";

    /**
     * Roles that can have their own session settings: {@code onnx.<role>.intra-op-threads} and
     * {@code .optimization}.
     */
    public static final java.util.List<String> MODEL_ROLES =
            java.util.List.of("detector", "sex-age", "expression", "mask");

    /** Frames with more pixels are dead-lettered (FRAME_TOO_LARGE) before decoding. */
    public static final String FRAME_MAX_PIXELS = "frame.max-pixels";

    /**
     * Frames captured more than this ahead of the processing clock are dead-lettered
     * (CAPTURE_TIME_IN_FUTURE). Default 300000 (5 minutes, as the aggregation app's skew).
     */
    public static final String FRAME_MAX_FUTURE_SKEW_MS = "frame.max-future-skew.ms";

    /**
     * Frames captured before this instant (ISO-8601) are dead-lettered
     * (CAPTURE_TIME_BEFORE_HORIZON). Default 2000-01-01T00:00:00Z.
     */
    public static final String FRAME_HORIZON = "frame.horizon";

    /**
     * Frames of one camera beyond this many per second of capture time are dead-lettered
     * (CAMERA_FLOODING) before decoding. Default 60.
     */
    public static final String FRAME_MAX_PER_SECOND = "frame.max-per-second";

    /** How late a frame may arrive behind the newest one, in event time. Default 2000. */
    public static final String WATERMARK_OUT_OF_ORDERNESS_MS = "watermark.out-of-orderness.ms";

    /**
     * A Kafka partition without frames for this long stops holding back the watermark; 0 = never.
     * Default 30000.
     */
    public static final String WATERMARK_IDLENESS_MS = "watermark.idleness.ms";

    /**
     * Checkpoint interval; 0 disables checkpoints (then exactly-once output is committed only at
     * the end).
     */
    public static final String CHECKPOINT_INTERVAL_MS = "checkpoint.interval.ms";

    /** -1: Flink's default restart strategy; 0: never restart (tests); n: at most n restarts. */
    public static final String RESTART_ATTEMPTS = "restart.attempts";

    /** Delay between restarts when {@link #RESTART_ATTEMPTS} is positive. */
    public static final String RESTART_DELAY_MS = "restart.delay.ms";

    /** Job parallelism; 0 keeps the environment's. */
    public static final String PARALLELISM = "parallelism";

    private static final Map<String, String> DEFAULTS = defaultValues();

    private final TreeMap<String, String> values;

    private InferenceOptions(Map<String, String> values) {
        this.values = new TreeMap<>(values);
        validate();
    }

    /** Defaults with the model folder located by {@link Assets}. */
    public static InferenceOptions defaults() {
        return fromMap(Map.of());
    }

    /** Defaults overridden by {@code overrides}; unknown keys are refused. */
    public static InferenceOptions fromMap(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(DEFAULTS);
        merged.put(MODELS_DIR, Assets.fromEnvironment().models().toString());
        overrides.forEach(
                (key, value) -> {
                    requireKnown(key);
                    merged.put(key, value.trim());
                });
        return new InferenceOptions(merged);
    }

    public static InferenceOptions fromProperties(Properties properties) {
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return fromMap(map);
    }

    /**
     * Reads {@code --config FILE}, the environment and {@code --key value} pairs (see class doc).
     */
    public static InferenceOptions fromArgs(String[] args) throws IOException {
        return fromArgs(args, System::getenv);
    }

    static InferenceOptions fromArgs(String[] args, Function<String, String> environment)
            throws IOException {
        Map<String, String> arguments = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "expected --key value pairs, got: " + String.join(" ", args));
            }
            arguments.put(args[i].substring(2), args[i + 1]);
        }
        Map<String, String> merged = new LinkedHashMap<>();
        String config = arguments.remove("config");
        if (config != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of(config))) {
                file.load(reader);
            }
            file.stringPropertyNames().forEach(key -> merged.put(key, file.getProperty(key)));
        }
        for (String key : DEFAULTS.keySet()) {
            String value = environment.apply(environmentVariable(key));
            if (value != null && !value.isBlank()) {
                merged.put(key, value);
            }
        }
        merged.putAll(arguments);
        return fromMap(merged);
    }

    /** The environment variable that sets {@code key}, e.g. {@code HEADCOUNT_MODELS_DIR}. */
    public static String environmentVariable(String key) {
        return "HEADCOUNT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A copy with one setting changed. */
    public InferenceOptions with(String key, String value) {
        requireKnown(key);
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new InferenceOptions(copy);
    }

    /** Every effective setting, for logging. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public String bootstrapServers() {
        return values.get(BOOTSTRAP_SERVERS);
    }

    public String groupId() {
        return values.get(GROUP_ID);
    }

    public String transactionalIdPrefix() {
        return values.get(TRANSACTIONAL_ID_PREFIX);
    }

    public Duration transactionTimeout() {
        return Duration.ofMillis(longValue(TRANSACTION_TIMEOUT_MS));
    }

    public String framesTopic() {
        return values.get(FRAMES_TOPIC);
    }

    public String observationsTopic() {
        return values.get(OBSERVATIONS_TOPIC);
    }

    public String framesProcessedTopic() {
        return values.get(FRAMES_PROCESSED_TOPIC);
    }

    public String deadLettersTopic() {
        return values.get(DEAD_LETTERS_TOPIC);
    }

    public StartingOffsets startingOffsets() {
        return StartingOffsets.parse(values.get(STARTING_OFFSETS));
    }

    public boolean bounded() {
        return Boolean.parseBoolean(values.get(BOUNDED));
    }

    public boolean exactlyOnce() {
        return values.get(DELIVERY_GUARANTEE).equals("exactly-once");
    }

    public Path modelsDirectory() {
        return Path.of(values.get(MODELS_DIR));
    }

    /** The model manifest this job uses. */
    public io.headcount.inference.models.ModelManifest manifest() {
        return io.headcount.inference.models.ModelManifest.locate(
                values.get(MODELS_MANIFEST), modelsDirectory());
    }

    /** The model set name and version from the manifest, e.g. {@code default-2026.11}. */
    public String modelSet() {
        return manifest().modelSet();
    }

    /** Session settings of a model role: {@code onnx.<role>.*} where set, else {@code onnx.*}. */
    public OnnxSettings onnx(String role) {
        String threads = values.getOrDefault(roleKey(role, "intra-op-threads"), "");
        String level = values.getOrDefault(roleKey(role, "optimization"), "");
        return new OnnxSettings(
                Integer.parseInt(threads.isBlank() ? values.get(ONNX_INTRA_OP_THREADS) : threads),
                1,
                OnnxSettings.GraphOptimization.valueOf(
                        (level.isBlank() ? values.get(ONNX_OPTIMIZATION) : level)
                                .toUpperCase(Locale.ROOT)),
                OnnxSettings.ExecutionProvider.parse(values.get(ONNX_EXECUTION_PROVIDER)),
                Integer.parseInt(values.get(ONNX_CUDA_DEVICE)));
    }

    /** e.g. {@code onnx.sex-age.intra-op-threads}. */
    public static String roleKey(String role, String setting) {
        return "onnx." + role + "." + setting;
    }

    /** The configured attribute heads, in order. */
    public java.util.List<String> attributeHeads() {
        return java.util.Arrays.stream(values.get(ATTRIBUTE_HEADS).split(","))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .toList();
    }

    public io.headcount.inference.attributes.AttributeSettings attributes() {
        io.headcount.inference.models.ModelManifest manifest = manifest();
        Map<String, OnnxSettings> perRole = new TreeMap<>();
        for (String role : attributeHeads()) {
            perRole.put(role, onnx(role));
        }
        return new io.headcount.inference.attributes.AttributeSettings(
                manifest,
                values.get(MODELS_DIR),
                attributeHeads(),
                (int) longValue(ATTRIBUTE_MAX_BATCH),
                new io.headcount.inference.quality.QualitySettings(
                        Float.parseFloat(values.get(QUALITY_MIN_FACE_SIZE)),
                        Float.parseFloat(values.get(QUALITY_MIN_SHARPNESS)),
                        Float.parseFloat(values.get(QUALITY_MAX_ABS_YAW))),
                perRole,
                onnx("default"),
                Float.parseFloat(values.get(ATTRIBUTE_CROP_SCALE)),
                Float.parseFloat(values.get(ATTRIBUTE_AGE_SIGMA)));
    }

    public long frameMaxPixels() {
        return longValue(FRAME_MAX_PIXELS);
    }

    /** Which capture times the decode stage accepts. */
    public io.headcount.inference.functions.CaptureTimeRule captureTimeRule() {
        return new io.headcount.inference.functions.CaptureTimeRule(
                Duration.ofMillis(longValue(FRAME_MAX_FUTURE_SKEW_MS)),
                java.time.Instant.parse(values.get(FRAME_HORIZON)));
    }

    /** How many frames per second of capture time a camera may send. */
    public io.headcount.inference.functions.CameraRateLimit cameraRateLimit() {
        return new io.headcount.inference.functions.CameraRateLimit(
                Math.toIntExact(longValue(FRAME_MAX_PER_SECOND)));
    }

    public Duration outOfOrderness() {
        return Duration.ofMillis(longValue(WATERMARK_OUT_OF_ORDERNESS_MS));
    }

    public Duration idleness() {
        return Duration.ofMillis(longValue(WATERMARK_IDLENESS_MS));
    }

    /** Zero when checkpoints are off. */
    public Duration checkpointInterval() {
        return Duration.ofMillis(longValue(CHECKPOINT_INTERVAL_MS));
    }

    public int restartAttempts() {
        return (int) longValue(RESTART_ATTEMPTS);
    }

    public Duration restartDelay() {
        return Duration.ofMillis(longValue(RESTART_DELAY_MS));
    }

    public int parallelism() {
        return (int) longValue(PARALLELISM);
    }

    public DetectorSettings detector() {
        return new DetectorSettings(
                YuNetModel.fromManifest(manifest().model(YuNetModel.ROLE)),
                values.get(MODELS_DIR),
                (int) longValue(DETECTOR_LONGEST_SIDE),
                Float.parseFloat(values.get(DETECTOR_SCORE_THRESHOLD)),
                Float.parseFloat(values.get(DETECTOR_NMS_IOU)),
                onnx(YuNetModel.ROLE));
    }

    /**
     * The motion tracker's settings: ByteTrack's defaults with the {@code tracker.*} options
     * applied.
     */
    public TrackerSettings tracker() {
        return TrackerSettings.defaults()
                .withHitsToConfirm((int) longValue(TRACKER_HITS_TO_CONFIRM))
                .withDeletion((int) longValue(TRACKER_MAX_MISSES), longValue(TRACKER_MAX_LOST_MS))
                .withScores(
                        Float.parseFloat(values.get(TRACKER_HIGH_SCORE)),
                        Float.parseFloat(values.get(TRACKER_LOW_SCORE)));
    }

    /** Where the source starts on partitions without a committed offset of its group. */
    public enum StartingOffsets {
        COMMITTED,
        EARLIEST,
        LATEST;

        static StartingOffsets parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    @Override
    public String toString() {
        return "InferenceOptions" + values;
    }

    private void validate() {
        try {
            for (String key :
                    new String[] {
                        TRANSACTION_TIMEOUT_MS,
                        FRAME_MAX_PIXELS,
                        WATERMARK_OUT_OF_ORDERNESS_MS,
                        WATERMARK_IDLENESS_MS,
                        CHECKPOINT_INTERVAL_MS,
                        RESTART_ATTEMPTS,
                        RESTART_DELAY_MS,
                        PARALLELISM
                    }) {
                longValue(key);
            }
            startingOffsets();
            captureTimeRule();
            detector();
            attributes();
            tracker();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "invalid inference options " + values + ": " + e.getMessage(), e);
        }
        String guarantee = values.get(DELIVERY_GUARANTEE);
        if (!guarantee.equals("exactly-once") && !guarantee.equals("at-least-once")) {
            throw new IllegalArgumentException(
                    DELIVERY_GUARANTEE + " must be exactly-once or at-least-once: " + guarantee);
        }
        String bounded = values.get(BOUNDED);
        if (!bounded.equals("true") && !bounded.equals("false")) {
            throw new IllegalArgumentException(BOUNDED + " must be true or false: " + bounded);
        }
    }

    private long longValue(String key) {
        try {
            return Long.parseLong(values.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    key + " must be a whole number: " + values.get(key), e);
        }
    }

    private static void requireKnown(String key) {
        if (!DEFAULTS.containsKey(key)) {
            throw new IllegalArgumentException(
                    "unknown inference option " + key + "; known: " + DEFAULTS.keySet());
        }
    }

    private static Map<String, String> defaultValues() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(BOOTSTRAP_SERVERS, "localhost:9092");
        defaults.put(GROUP_ID, "headcount-inference");
        defaults.put(TRANSACTIONAL_ID_PREFIX, "headcount-inference");
        defaults.put(TRANSACTION_TIMEOUT_MS, Long.toString(Duration.ofMinutes(10).toMillis()));
        defaults.put(FRAMES_TOPIC, Topics.FRAMES.name());
        defaults.put(OBSERVATIONS_TOPIC, Topics.FACE_OBSERVATIONS.name());
        defaults.put(FRAMES_PROCESSED_TOPIC, Topics.FRAMES_PROCESSED.name());
        defaults.put(DEAD_LETTERS_TOPIC, Topics.deadLettersOf(Topics.FRAMES.name()).name());
        defaults.put(STARTING_OFFSETS, "committed");
        defaults.put(BOUNDED, "false");
        defaults.put(DELIVERY_GUARANTEE, "exactly-once");
        defaults.put(MODELS_DIR, "");
        defaults.put(MODELS_MANIFEST, "");
        defaults.put(
                ATTRIBUTE_HEADS,
                String.join(",", io.headcount.inference.attributes.AttributeHeads.NAMES));
        defaults.put(
                ATTRIBUTE_MAX_BATCH,
                Integer.toString(
                        io.headcount.inference.attributes.AttributeSettings.DEFAULT_MAX_BATCH));
        defaults.put(
                ATTRIBUTE_CROP_SCALE,
                Float.toString(io.headcount.inference.attributes.FaceCrop.DEFAULT_SCALE));
        defaults.put(
                ATTRIBUTE_AGE_SIGMA,
                Float.toString(io.headcount.inference.attributes.AgeGroups.DEFAULT_SIGMA));
        defaults.put(
                QUALITY_MIN_FACE_SIZE,
                Float.toString(
                        io.headcount.inference.quality.QualitySettings.DEFAULT_MIN_FACE_SIZE));
        defaults.put(
                QUALITY_MIN_SHARPNESS,
                Float.toString(
                        io.headcount.inference.quality.QualitySettings.DEFAULT_MIN_SHARPNESS));
        defaults.put(
                QUALITY_MAX_ABS_YAW,
                Float.toString(io.headcount.inference.quality.QualitySettings.DEFAULT_MAX_ABS_YAW));
        defaults.put(DETECTOR_LONGEST_SIDE, Integer.toString(Letterbox.DEFAULT_LONGEST_SIDE));
        defaults.put(
                DETECTOR_SCORE_THRESHOLD, Float.toString(YuNetDecoder.DEFAULT_SCORE_THRESHOLD));
        defaults.put(DETECTOR_NMS_IOU, Float.toString(YuNetDecoder.DEFAULT_NMS_IOU));
        defaults.put(
                TRACKER_HITS_TO_CONFIRM, Integer.toString(TrackerSettings.DEFAULT_HITS_TO_CONFIRM));
        defaults.put(TRACKER_MAX_MISSES, Integer.toString(TrackerSettings.DEFAULT_MAX_MISSES));
        defaults.put(TRACKER_MAX_LOST_MS, Long.toString(TrackerSettings.DEFAULT_MAX_LOST_MILLIS));
        defaults.put(TRACKER_HIGH_SCORE, Float.toString(TrackerSettings.DEFAULT_HIGH_SCORE));
        defaults.put(TRACKER_LOW_SCORE, Float.toString(TrackerSettings.DEFAULT_LOW_SCORE));
        defaults.put(ONNX_INTRA_OP_THREADS, "1");
        defaults.put(ONNX_OPTIMIZATION, "ALL");
        defaults.put(ONNX_EXECUTION_PROVIDER, "cpu");
        defaults.put(ONNX_CUDA_DEVICE, "0");
        for (String role : MODEL_ROLES) {
            defaults.put(roleKey(role, "intra-op-threads"), "");
            defaults.put(roleKey(role, "optimization"), "");
        }
        defaults.put(FRAME_MAX_PIXELS, Long.toString(FrameDecoder.DEFAULT_MAX_PIXELS));
        defaults.put(
                FRAME_MAX_FUTURE_SKEW_MS,
                Long.toString(
                        io.headcount.inference.functions.CaptureTimeRule.DEFAULT_MAX_FUTURE_SKEW
                                .toMillis()));
        defaults.put(
                FRAME_HORIZON,
                io.headcount.inference.functions.CaptureTimeRule.DEFAULT_HORIZON.toString());
        defaults.put(
                FRAME_MAX_PER_SECOND,
                Integer.toString(
                        io.headcount.inference.functions.CameraRateLimit
                                .DEFAULT_MAX_FRAMES_PER_SECOND));
        defaults.put(WATERMARK_OUT_OF_ORDERNESS_MS, "2000");
        defaults.put(WATERMARK_IDLENESS_MS, "30000");
        defaults.put(CHECKPOINT_INTERVAL_MS, "10000");
        defaults.put(RESTART_ATTEMPTS, "-1");
        defaults.put(RESTART_DELAY_MS, "10000");
        defaults.put(PARALLELISM, "0");
        // TLS/SASL of every Kafka client (kafka.security.protocol, kafka.sasl.*, kafka.ssl.*;
        // empty = unset); passwords as such only from the environment (KafkaClientSecurity).
        io.headcount.core.kafka.KafkaClientSecurity.OPTION_KEYS.forEach(
                key -> defaults.put(key, ""));
        return Collections.unmodifiableMap(defaults);
    }
}
