package io.headcount.inference.functions;

import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.records.RawRecord;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.DeadLetters;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.codec.RecordDecodingException;
import io.headcount.vision.frame.FrameRejectedException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Emits what {@link PrepareFrameFunction} decoded ({@link FrameDecoding}: the Avro {@link
 * FrameEvent}, its capture time, its JPEG). A record that failed any step becomes a {@link
 * DeadLetter} on {@link #DEAD_LETTERS} with the reason code, and the {@value #DEAD_LETTER_METRIC}
 * counter of that reason and camera goes up; nothing is dropped silently and nothing fails the job.
 *
 * <p>The camera label is the frame's camera where it is known (the event decoded and names the
 * record's key), else {@value #UNKNOWN_CAMERA}. Cameras are few and configured, but a producer
 * could forge ids: past {@value #MAX_CAMERA_LABELS} cameras per subtask the rest count under
 * {@value #OTHER_CAMERAS}, so the series stay bounded.
 *
 * <p>An end-of-stream event (a finite source ended) is not a bad record: it has no image by design,
 * so it passes on without JPEG decoding, in order behind the camera's last frame.
 *
 * <p>The time to decode a frame (Avro and JPEG, on the decoding thread) goes into the histogram
 * {@value StageMetrics#STAGE_TIME}; ends of stream and dead letters are not timed.
 */
public final class DecodeFrameFunction extends ProcessFunction<DecodeAttempt, DecodedFrame> {

    private static final long serialVersionUID = 1L;

    /** The {@code stage} of this function's dead letters. */
    public static final String STAGE = "inference/decode-frame";

    /**
     * Counter of dead letters, in metric groups {@value #REASON_GROUP} = reason code, then {@value
     * #CAMERA_GROUP} = camera id (Prometheus: {@code
     * flink_taskmanager_job_task_operator_reason_camera_deadLetters{reason,camera}}).
     */
    public static final String DEAD_LETTER_METRIC = "deadLetters";

    public static final String REASON_GROUP = "reason";

    public static final String CAMERA_GROUP = "camera";

    /** The camera label of a record refused before its camera was known. */
    public static final String UNKNOWN_CAMERA = "unknown";

    /** The camera label of cameras past {@link #MAX_CAMERA_LABELS}. */
    public static final String OTHER_CAMERAS = "other";

    /** Most camera labels one subtask gives its dead-letter counters. */
    public static final int MAX_CAMERA_LABELS = 1000;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private transient MetricGroup metrics;

    /** Counters by reason, then camera label. */
    private transient Map<String, Map<String, Counter>> deadLetters;

    private transient Set<String> cameraLabels;
    private transient Histogram stageTime;

    @Override
    public void open(OpenContext openContext) {
        metrics = getRuntimeContext().getMetricGroup();
        deadLetters = new HashMap<>();
        cameraLabels = new HashSet<>();
        stageTime = StageMetrics.stageTime(metrics);
        // Registered up front (camera unknown) so dashboards show a zero rather than no series.
        for (RecordDecodingException.Reason reason : RecordDecodingException.Reason.values()) {
            counter(reason.name(), null);
        }
        for (FrameRejectedException.Reason reason : FrameRejectedException.Reason.values()) {
            counter(reason.name(), null);
        }
        counter(CaptureTimeRule.IN_FUTURE, null);
        counter(CaptureTimeRule.BEFORE_HORIZON, null);
        counter(CameraRateLimit.FLOODING, null);
        counter(FrameDecoding.KEY_NOT_CAMERA, null);
    }

    @Override
    public void processElement(
            DecodeAttempt attempt, Context context, Collector<DecodedFrame> out) {
        if (attempt.refused()) {
            reject(attempt, context);
            return;
        }
        if (attempt.decodeMicros() >= 0) {
            stageTime.update(attempt.decodeMicros());
        }
        out.collect(attempt.decoded());
    }

    private void reject(DecodeAttempt attempt, Context context) {
        RawRecord record = attempt.record();
        counter(attempt.reason(), attempt.camera()).inc();
        context.output(
                DEAD_LETTERS,
                DeadLetters.of(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp(),
                        record.key(),
                        record.value(),
                        STAGE,
                        attempt.reason(),
                        attempt.detail()));
    }

    private Counter counter(String reason, String camera) {
        String label = cameraLabel(camera);
        return deadLetters
                .computeIfAbsent(reason, code -> new HashMap<>())
                .computeIfAbsent(
                        label,
                        id ->
                                metrics.addGroup(REASON_GROUP, reason)
                                        .addGroup(CAMERA_GROUP, id)
                                        .counter(DEAD_LETTER_METRIC));
    }

    private String cameraLabel(String camera) {
        if (camera == null) {
            return UNKNOWN_CAMERA;
        }
        if (cameraLabels.contains(camera) || cameraLabels.size() < MAX_CAMERA_LABELS) {
            cameraLabels.add(camera);
            return camera;
        }
        return OTHER_CAMERAS;
    }
}
