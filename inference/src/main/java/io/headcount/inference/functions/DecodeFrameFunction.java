package io.headcount.inference.functions;

import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.records.RawRecord;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.DeadLetters;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.codec.RecordDecodingException;
import io.headcount.vision.frame.FrameRejectedException;
import java.util.HashMap;
import java.util.Map;
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
 * counter of that reason goes up; nothing is dropped silently and nothing fails the job.
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

    /** Counter of dead letters, in a metric group {@value #REASON_GROUP} = reason code. */
    public static final String DEAD_LETTER_METRIC = "deadLetters";

    public static final String REASON_GROUP = "reason";

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private transient MetricGroup metrics;
    private transient Map<String, Counter> deadLetters;
    private transient Histogram stageTime;

    @Override
    public void open(OpenContext openContext) {
        metrics = getRuntimeContext().getMetricGroup();
        deadLetters = new HashMap<>();
        stageTime = StageMetrics.stageTime(metrics);
        // Registered up front so dashboards show a zero rather than no series.
        for (RecordDecodingException.Reason reason : RecordDecodingException.Reason.values()) {
            counter(reason.name());
        }
        for (FrameRejectedException.Reason reason : FrameRejectedException.Reason.values()) {
            counter(reason.name());
        }
        counter(CaptureTimeRule.IN_FUTURE);
        counter(CaptureTimeRule.BEFORE_HORIZON);
        counter(CameraRateLimit.FLOODING);
        counter(FrameDecoding.KEY_NOT_CAMERA);
    }

    @Override
    public void processElement(
            DecodeAttempt attempt, Context context, Collector<DecodedFrame> out) {
        if (attempt.refused()) {
            reject(attempt.record(), attempt.reason(), attempt.detail(), context);
            return;
        }
        if (attempt.decodeMicros() >= 0) {
            stageTime.update(attempt.decodeMicros());
        }
        out.collect(attempt.decoded());
    }

    private void reject(RawRecord record, String reason, String detail, Context context) {
        counter(reason).inc();
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
                        reason,
                        detail));
    }

    private Counter counter(String reason) {
        return deadLetters.computeIfAbsent(
                reason, code -> metrics.addGroup(REASON_GROUP, code).counter(DEAD_LETTER_METRIC));
    }
}
