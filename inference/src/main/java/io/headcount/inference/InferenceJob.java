package io.headcount.inference;

import io.headcount.inference.functions.BatchingDescribeOperator;
import io.headcount.inference.functions.BatchingDetectOperator;
import io.headcount.inference.functions.CaptureTimeStamps;
import io.headcount.inference.functions.DecodeAttempt;
import io.headcount.inference.functions.DecodeFrameFunction;
import io.headcount.inference.functions.DescribeFacesFunction;
import io.headcount.inference.functions.DetectFacesFunction;
import io.headcount.inference.functions.DetectedFrameTracking;
import io.headcount.inference.functions.EncodeRecordFunction;
import io.headcount.inference.functions.FrameDecoding;
import io.headcount.inference.functions.ModelInputPreparation;
import io.headcount.inference.functions.OwnedCameras;
import io.headcount.inference.functions.PrepareFrameFunction;
import io.headcount.inference.functions.ToFrameProcessedFunction;
import io.headcount.inference.functions.ToObservationsFunction;
import io.headcount.inference.functions.TrackFacesFunction;
import io.headcount.inference.kafka.KafkaConnectors;
import io.headcount.inference.kafka.ResumeNotice;
import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.records.DetectedFrame;
import io.headcount.inference.records.EncodedRecord;
import io.headcount.inference.records.RawRecord;
import io.headcount.inference.settings.JobOptions;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.ExpressionHead;
import io.headcount.vision.attributes.MaskCorroboration;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.onnx.FrameBatching;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference job: raw {@code frames} records (watermarks per Kafka partition, see {@link
 * #frameWatermarks}) → keyed by camera → {@code prepare-frame} (decoding on its own thread) →
 * {@code decode-frame} → {@code frame-timestamps} (event time = capture time) → {@code
 * detect-faces} → {@code track-faces} (a track id per face) → {@code describe-faces} (quality of
 * every face, attributes of a track's best impressions) → {@code to-observations} → {@code
 * face-observations}, and after {@code describe-faces} also {@code to-frames-processed} → {@code
 * frames-processed} (one record per frame, faces or not, and per end of stream); records that
 * cannot be decoded go to the dead-letter sink and produce neither. Everything from {@code
 * prepare-frame} to the outputs is one chain per camera key (see {@link #pipeline}).
 *
 * <p>The job takes its source and sinks as arguments, so tests run it on a finite source with
 * collecting sinks and the embedded mode on an in-process broker; {@link #onKafka} wires the
 * production ones. Options: {@link JobOptions}.
 */
public final class InferenceJob {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceJob.class);

    public static final String JOB_NAME = "headcount-inference";

    /** Stable operator ids: state and savepoints are matched by them, so never change one. */
    public static final String SOURCE = "frames-source";

    /** Added in front of {@code decode-frame} when decoding moved off the model thread. */
    public static final String PREPARE_FRAME = "prepare-frame";

    public static final String DECODE_FRAME = "decode-frame";
    public static final String FRAME_TIMESTAMPS = "frame-timestamps";
    public static final String DETECT_FACES = "detect-faces";

    /** Added in front of {@code track-faces} when the job was keyed before decoding. */
    public static final String OWNED_CAMERAS = "owned-cameras";

    public static final String DESCRIBE_FACES = "describe-faces";
    public static final String TRACK_FACES = TrackFacesFunction.NAME;
    public static final String TO_OBSERVATIONS = "to-observations";
    public static final String TO_FRAMES_PROCESSED = "to-frames-processed";
    public static final String TO_OBSERVATIONS_NOT_OWNED = "to-observations-not-owned";
    public static final String TO_FRAMES_PROCESSED_NOT_OWNED = "to-frames-processed-not-owned";
    public static final String OBSERVATIONS_SINK = "face-observations-sink";
    public static final String FRAMES_PROCESSED_SINK = "frames-processed-sink";
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";

    /** The dead letters without the frames' bytes, in the Kafka job (see {@link #onKafka}). */
    public static final String DEAD_LETTERED_FRAMES_SINK = "dead-lettered-frames-sink";

    /**
     * Frames decoded ahead of the models at most: enough to keep the decoding thread busy while a
     * frame is in the models, few enough to bound the memory of decoded pixels.
     */
    static final int PREPARED_FRAMES = 3;

    /** A frame that takes longer to decode means a stuck decoder: the job fails and restarts. */
    static final Duration PREPARE_TIMEOUT = Duration.ofSeconds(60);

    /** The one sink of both result topics in the Kafka job (see {@link #onKafka}). */
    public static final String RESULTS_SINK = "frame-results-sink";

    /**
     * Tells the operator after a restore what Flink's commit errors mean ({@link ResumeNotice}).
     */
    public static final String RESUME_NOTICE = "resume-notice";

    public static final String ENCODE_OBSERVATIONS = "encode-observations";
    public static final String ENCODE_FRAMES_PROCESSED = "encode-frames-processed";

    private final Source<RawRecord, ?, ?> source;
    private final Sink<FaceObservation> observationsSink;
    private final Sink<FrameProcessed> framesProcessedSink;
    private final Sink<EncodedRecord> resultsSink;
    private final Sink<DeadLetter> deadLettersSink;
    private final Sink<DeadLetter> deadLetteredFramesSink;
    private final JobOptions options;

    /** The job with a sink per output, e.g. collecting sinks in tests. */
    public InferenceJob(
            Source<RawRecord, ?, ?> source,
            Sink<FaceObservation> observationsSink,
            Sink<FrameProcessed> framesProcessedSink,
            Sink<DeadLetter> deadLettersSink,
            JobOptions options) {
        this(
                source,
                Objects.requireNonNull(observationsSink, "observationsSink"),
                Objects.requireNonNull(framesProcessedSink, "framesProcessedSink"),
                null,
                deadLettersSink,
                null,
                options);
    }

    private InferenceJob(
            Source<RawRecord, ?, ?> source,
            Sink<FaceObservation> observationsSink,
            Sink<FrameProcessed> framesProcessedSink,
            Sink<EncodedRecord> resultsSink,
            Sink<DeadLetter> deadLettersSink,
            Sink<DeadLetter> deadLetteredFramesSink,
            JobOptions options) {
        this.source = Objects.requireNonNull(source, "source");
        this.observationsSink = observationsSink;
        this.framesProcessedSink = framesProcessedSink;
        this.resultsSink = resultsSink;
        this.deadLettersSink = Objects.requireNonNull(deadLettersSink, "deadLettersSink");
        this.deadLetteredFramesSink = deadLetteredFramesSink;
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * The job on Kafka: the frames topic in; observation, frames-processed and dead-letter topics
     * out, and each dead letter once more without the frame's bytes on {@code dead-lettered-frames}
     * (exactly-once unless the options say otherwise). Observations and frames-processed records go
     * through ONE sink, so each checkpoint's transaction makes both visible at once: the
     * aggregation reads the two topics together, and with separate transactions a fast replay could
     * show it minutes of one topic's event time before the other's, which it would then drop as
     * late.
     */
    public static InferenceJob onKafka(JobOptions options) {
        return new InferenceJob(
                KafkaConnectors.framesSource(options),
                null,
                null,
                KafkaConnectors.resultsSink(options),
                KafkaConnectors.deadLettersSink(options),
                KafkaConnectors.deadLetteredFramesSink(options),
                options);
    }

    /**
     * Configures {@code env} from {@code options} and submits the Kafka job without waiting for it:
     * the entry point of the embedded mode (a local environment in the same JVM as the broker).
     */
    public static JobClient runOn(StreamExecutionEnvironment env, JobOptions options)
            throws Exception {
        configure(env, options);
        return onKafka(options).executeAsync(env);
    }

    /** Cluster entry point; options as documented in {@link JobOptions}. */
    public static void main(String[] args) throws Exception {
        JobOptions options = JobOptions.fromArgs(args);
        LOG.info("Starting {} with {}", JOB_NAME, options);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, options);
        onKafka(options).execute(env);
    }

    /**
     * Applies the job-level settings: checkpoints (exactly-once), the restart strategy, object
     * reuse (no function keeps or mutates its input, and it spares copying frame pixels between
     * chained operators) and a ban on Kryo fallbacks (every record type here has a real
     * serializer).
     */
    public static void configure(StreamExecutionEnvironment env, JobOptions options) {
        Configuration config = new Configuration();
        config.set(PipelineOptions.OBJECT_REUSE, true);
        config.set(PipelineOptions.GENERIC_TYPES, false);
        if (options.restartAttempts() == 0) {
            config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        } else if (options.restartAttempts() > 0) {
            config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            config.set(
                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS,
                    options.restartAttempts());
            config.set(
                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                    options.restartDelay());
        }
        env.configure(config);
        if (!options.checkpointInterval().isZero()) {
            env.enableCheckpointing(
                    options.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        }
        if (options.parallelism() > 0) {
            env.setParallelism(options.parallelism());
        }
    }

    /**
     * Event time and watermarks of the frames, generated IN the source: on the record's Kafka
     * timestamp (the gateway sets it to the capture time), bounded out-of-orderness, and idleness.
     * Flink's Kafka source runs the strategy once per split, i.e. per partition, and a source
     * subtask's watermark is the minimum over its active partitions, so a lagging partition holds
     * it back even when another partition of the same subtask is far ahead, while a partition
     * without records for {@code watermark.idleness.ms} stops holding it back. Cameras are keyed to
     * partitions, so this is a watermark per camera as far as Flink offers one: cameras sharing a
     * partition share its watermark.
     */
    public static WatermarkStrategy<RawRecord> frameWatermarks(JobOptions options) {
        WatermarkStrategy<RawRecord> strategy =
                WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(options.outOfOrderness())
                        .withTimestampAssigner((record, sourceTimestamp) -> record.timestamp());
        // 0 = off: every partition holds the watermark back until it has a newer record.
        return options.idleness().isZero() ? strategy : strategy.withIdleness(options.idleness());
    }

    /** Adds the job to {@code env} without running it. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<RawRecord> frames =
                env.fromSource(source, frameWatermarks(options), SOURCE).uid(SOURCE);
        InferencePipeline pipeline = pipeline(frames, options);
        if (resultsSink != null) {
            DataStream<EncodedRecord> observations =
                    pipeline.observations()
                            .map(
                                    new EncodeRecordFunction<>(
                                            FaceObservation.class,
                                            options.observationsTopic(),
                                            FaceObservation::getCamera,
                                            observation ->
                                                    observation.getFrameTime().toEpochMilli()))
                            .name(ENCODE_OBSERVATIONS)
                            .uid(ENCODE_OBSERVATIONS);
            DataStream<EncodedRecord> framesProcessed =
                    pipeline.framesProcessed()
                            .map(
                                    new EncodeRecordFunction<>(
                                            FrameProcessed.class,
                                            options.framesProcessedTopic(),
                                            FrameProcessed::getCamera,
                                            frame -> frame.getFrameTime().toEpochMilli()))
                            .name(ENCODE_FRAMES_PROCESSED)
                            .uid(ENCODE_FRAMES_PROCESSED);
            observations
                    .union(framesProcessed)
                    .map(
                            new ResumeNotice<>(
                                    options.checkpointInterval(), options.transactionTimeout()))
                    .name(RESUME_NOTICE)
                    .uid(RESUME_NOTICE)
                    .sinkTo(resultsSink)
                    .name(RESULTS_SINK)
                    .uid(RESULTS_SINK);
        } else {
            pipeline.observations()
                    .sinkTo(observationsSink)
                    .name(OBSERVATIONS_SINK)
                    .uid(OBSERVATIONS_SINK);
            pipeline.framesProcessed()
                    .sinkTo(framesProcessedSink)
                    .name(FRAMES_PROCESSED_SINK)
                    .uid(FRAMES_PROCESSED_SINK);
        }
        pipeline.deadLetters()
                .sinkTo(deadLettersSink)
                .name(DEAD_LETTERS_SINK)
                .uid(DEAD_LETTERS_SINK);
        if (deadLetteredFramesSink != null) {
            pipeline.deadLetters()
                    .sinkTo(deadLetteredFramesSink)
                    .name(DEAD_LETTERED_FRAMES_SINK)
                    .uid(DEAD_LETTERED_FRAMES_SINK);
        }
    }

    /** Builds and runs the job, blocking until it ends (a bounded source) or fails. */
    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.execute(JOB_NAME);
    }

    /** Builds and submits the job; the returned client watches or cancels it. */
    public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync(JOB_NAME);
    }

    /**
     * The operators between raw records and the three outputs, for callers that bring their own
     * sinks. {@code frames} must carry the watermarks already ({@link #frameWatermarks} on the
     * source): this pipeline only re-stamps each frame with its capture time and makes no
     * watermarks of its own. End-of-stream events take the same path as frames (never a side
     * output), so each stays behind its camera's last frame; its capture time is the slot after
     * that frame, so it only moves the watermark forward the way the next frame would have.
     */
    public static InferencePipeline pipeline(DataStream<RawRecord> frames, JobOptions options) {
        // Keyed by camera BEFORE decoding, so that decoding, detection, tracking and describing run
        // chained in one keyed context: a camera's tracker state sits beside its pixels, the
        // attribute heads see each face's track (they run on a track's best impressions, not on
        // every face), and neither pixels nor decoded frames ever cross the network. Only the raw
        // record (its JPEG) is shuffled, which Kafka already partitions by camera; partitions by
        // camera are the unit of scale. Each operator after this one keeps the camera key (a
        // forward, chained edge), which reinterpretAsKeyedStream restores where keyed state is
        // used; decode-frame refuses a frame whose key is not its camera (KEY_NOT_CAMERA).
        KeyedStream<RawRecord, String> byCamera = frames.keyBy(RawRecord::cameraKey, Types.STRING);
        // Decoding runs on a thread of its own, ahead of the models on the task thread; ordered,
        // so each camera's frames and the watermarks keep their order. Chained: no pixels are
        // serialized. The frames in flight are part of each checkpoint.
        // The detector's letterbox and the frame-level mask detector run there too.
        SingleOutputStreamOperator<DecodeAttempt> prepared =
                AsyncDataStream.orderedWait(
                                byCamera,
                                new PrepareFrameFunction(
                                        new FrameDecoding(
                                                options.frameMaxPixels(),
                                                options.captureTimeRule(),
                                                options.cameraRateLimit(),
                                                ModelInputPreparation.of(
                                                        options.detector(),
                                                        options.attributes(),
                                                        options.siteSwitches()))),
                                PREPARE_TIMEOUT.toMillis(),
                                TimeUnit.MILLISECONDS,
                                PREPARED_FRAMES)
                        .name(PREPARE_FRAME)
                        .uid(PREPARE_FRAME);
        SingleOutputStreamOperator<DecodedFrame> decoded =
                prepared.process(new DecodeFrameFunction()).name(DECODE_FRAME).uid(DECODE_FRAME);
        DataStream<DeadLetter> deadLetters =
                decoded.getSideOutput(DecodeFrameFunction.DEAD_LETTERS);

        DetectorSettings detector = options.detector();
        AttributeSettings attributes = options.attributes();
        ModelManifest manifest = attributes.manifest();
        // Every model used, by role: the detector and each configured head.
        Map<String, String> versions = new TreeMap<>(manifest.versions(attributes.heads()));
        versions.put(YuNetModel.ROLE, detector.model().version());
        List<String> expressionLabels =
                attributes.heads().contains(ExpressionHead.ROLE)
                        ? manifest.model(ExpressionHead.ROLE).labels(ExpressionHead.OUTPUT)
                        : List.of();
        // Event time = capture time, whatever the Kafka timestamp was; the watermarks stay the
        // source's (per partition).
        SingleOutputStreamOperator<DecodedFrame> stamped =
                decoded.transform(FRAME_TIMESTAMPS, decoded.getType(), new CaptureTimeStamps())
                        .uid(FRAME_TIMESTAMPS);
        // Frame by frame, or in batches across cameras where the detector runs on a GPU (the
        // same faces either way; no state, so the uid serves both).
        FrameBatching batching = options.detectorBatching();
        MaskCorroboration corroboration = options.maskCorroboration();
        SingleOutputStreamOperator<DetectedFrame> detected =
                batching.enabled()
                        ? stamped.transform(
                                        DETECT_FACES,
                                        TypeInformation.of(DetectedFrame.class),
                                        new BatchingDetectOperator(
                                                detector, corroboration, batching))
                                .uid(DETECT_FACES)
                        : stamped.map(new DetectFacesFunction(detector, corroboration))
                                .name(DETECT_FACES)
                                .uid(DETECT_FACES);
        // Only after a restore at another parallelism can a frame reach a subtask that does not
        // own its camera (see OwnedCameras): it skips the keyed operators.
        SingleOutputStreamOperator<DetectedFrame> owned =
                detected.process(new OwnedCameras()).name(OWNED_CAMERAS).uid(OWNED_CAMERAS);
        // One tracker per camera, on the frame with its pixels. Every frame goes through, faces or
        // not, end of stream included: that is how tracks learn they were missed.
        SingleOutputStreamOperator<DetectedFrame> tracked =
                byCamera(owned)
                        .process(
                                new TrackFacesFunction<>(
                                        options.tracker(), new DetectedFrameTracking()))
                        .name(TRACK_FACES)
                        .uid(TRACK_FACES);
        // Quality of every face, attributes of a track's best impressions; the pixels end here.
        // Frame by frame, or the picked faces of several cameras' frames through the heads at
        // once where a head runs on a GPU (the same descriptions; the same state and timers).
        FrameBatching describeBatching = options.describeBatching();
        SingleOutputStreamOperator<DetectedFrame> described =
                describeBatching.enabled()
                        ? byCamera(tracked)
                                .transform(
                                        DESCRIBE_FACES,
                                        TypeInformation.of(DetectedFrame.class),
                                        new BatchingDescribeOperator(
                                                attributes,
                                                options.describeBudget(),
                                                options.tracker().maxLostMillis(),
                                                options.siteSwitches(),
                                                describeBatching))
                                .uid(DESCRIBE_FACES)
                        : byCamera(tracked)
                                .process(
                                        new DescribeFacesFunction(
                                                attributes,
                                                options.describeBudget(),
                                                options.tracker().maxLostMillis(),
                                                options.siteSwitches()))
                                .name(DESCRIBE_FACES)
                                .uid(DESCRIBE_FACES);
        // Both outputs are chained to describe-faces, so a camera's records keep their order to
        // the sinks (the keyBy below sends each camera from the one subtask that tracked it). The
        // frames owned-cameras sent around the keyed operators (only after a rescaled restore)
        // join after the outputs are made: a union in front of an operator would end the chain.
        DataStream<DetectedFrame> notOwned = owned.getSideOutput(OwnedCameras.NOT_OWNED);
        ToObservationsFunction toObservations =
                new ToObservationsFunction(manifest.modelSet(), versions, expressionLabels);
        KeyedStream<FaceObservation, String> observations =
                described
                        .flatMap(toObservations)
                        .name(TO_OBSERVATIONS)
                        .uid(TO_OBSERVATIONS)
                        .union(
                                notOwned.flatMap(toObservations)
                                        .name(TO_OBSERVATIONS_NOT_OWNED)
                                        .uid(TO_OBSERVATIONS_NOT_OWNED))
                        .keyBy(FaceObservation::getCamera);
        ToFrameProcessedFunction toFramesProcessed =
                new ToFrameProcessedFunction(manifest.modelSet());
        DataStream<FrameProcessed> framesProcessed =
                described
                        .map(toFramesProcessed)
                        .name(TO_FRAMES_PROCESSED)
                        .uid(TO_FRAMES_PROCESSED)
                        .union(
                                notOwned.map(toFramesProcessed)
                                        .name(TO_FRAMES_PROCESSED_NOT_OWNED)
                                        .uid(TO_FRAMES_PROCESSED_NOT_OWNED));
        return new InferencePipeline(observations, framesProcessed, deadLetters);
    }

    /**
     * {@code frames} as keyed by camera again, without a shuffle: they never left the subtask the
     * raw records were keyed to (forward, chained edges), and a frame's camera is its record's key
     * (decode-frame refuses any other).
     */
    private static KeyedStream<DetectedFrame, String> byCamera(DataStream<DetectedFrame> frames) {
        return DataStreamUtils.reinterpretAsKeyedStream(
                frames, detected -> detected.frame().camera(), Types.STRING);
    }
}
